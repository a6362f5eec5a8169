// The WebSocket from the host for one user: status pushes, inbound messages and their acks.
// One socket per user; a newer one replaces the older, and a closing socket unregisters only itself
// (the original deleted whatever was registered, a newer socket included, spec/14 item 14).
const BATCH = 100;

export class HostLinks {
  #links = new Map(); // userId -> WebSocket

  constructor({ sessions, outbox, logger }) {
    Object.assign(this, { sessions, outbox, logger });
    sessions.on('status', (userId, snapshot) => this.#send(userId, statusFrame(snapshot)));
    sessions.on('messages', (userId, messages) => this.#send(userId, { type: 'messages', messages }));
  }

  async attach(userId, socket) {
    const previous = this.#links.get(userId);
    this.#links.set(userId, socket);
    if (previous) previous.close(4000, 'replaced by a newer connection');
    socket.on('close', () => {
      if (this.#links.get(userId) === socket) this.#links.delete(userId);
    });
    // Frames are handled one after the other, so the answer to a request_status sent after an ack
    // means the ack is in the file. One frame's failure is logged and does not stop the next.
    let handled = Promise.resolve();
    socket.on('message', (data) => {
      handled = handled
        .then(() => this.#onFrame(userId, socket, data))
        .catch((error) => this.logger.error({ err: error, userId }, 'host frame failed'));
    });
    this.#sendStatus(userId);
    // Everything not yet acknowledged, oldest first: the backlog of an outage or of a previous run.
    const backlog = (await this.outbox.forUser(userId)).list();
    for (let i = 0; i < backlog.length; i += BATCH) {
      this.#send(userId, { type: 'messages', messages: backlog.slice(i, i + BATCH) });
    }
  }

  closeAll() {
    for (const socket of this.#links.values()) socket.close(1001, 'bridge shutting down');
    this.#links.clear();
  }

  async #onFrame(userId, socket, data) {
    let frame;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      socket.send(JSON.stringify({ type: 'error', error: 'frame is not JSON' }));
      return;
    }
    const session = this.sessions.get(userId);
    switch (frame.action) {
      case 'request_status':
        this.#sendStatus(userId);
        break;
      case 'heartbeat':
        session?.heartbeat();
        break;
      case 'ack':
        if (Array.isArray(frame.ids)) await (await this.outbox.forUser(userId)).ack(frame.ids.map(String));
        break;
      case 'disconnect':
        if (frame.cleanup_session) await this.sessions.unlink(userId);
        else this.sessions.stop(userId);
        break;
      default:
        socket.send(JSON.stringify({ type: 'error', error: `unknown action ${frame.action}` }));
    }
  }

  #sendStatus(userId) {
    const session = this.sessions.get(userId);
    this.#send(userId, statusFrame(session?.snapshot() ?? { status: 'disconnected', qr: null, user_jid: null }));
  }

  #send(userId, frame) {
    const socket = this.#links.get(userId);
    // Messages not sent here stay in the outbox and go out when the host connects again.
    if (socket?.readyState === 1) socket.send(JSON.stringify(frame));
  }
}

function statusFrame(snapshot) {
  return {
    type: 'status_update',
    status: snapshot.status,
    qr: snapshot.qr ?? null,
    user_jid: snapshot.user_jid ?? null,
    last_disconnect: snapshot.last_disconnect ?? null,
  };
}
