// The fake bridge's WhatsApp: fake sockets that behave on their own as real ones do (QR for a new login,
// open for a stored one), and the /fake/ control routes through which the host's tests and benchmarks
// play the phone and the contacts (README: "Fake bridge").
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, reply } from '../src/server.js';
import { userFileName } from '../src/user-file-name.js';

const ROUTE = /^\/fake\/sessions\/([^/]+)\/([a-z-]+)$/;
const RESTART_REQUIRED = 515; // what WhatsApp sends right after a successful scan

export class FakeWhatsApp {
  #users = new Map(); // userId -> { socket, qrCount, limits, groups, stream }
  #bridge = null;
  #awaitedUpserts = new Map(); // upsert -> finish(error|null), see #emitStored
  #sessionsHeard = new WeakSet();
  activeQrRotations = 0; // timers, for the test that they go with their sockets

  constructor({ factory, dataDir, qrRotateMs = 0, logger }) {
    Object.assign(this, { factory, dataDir, qrRotateMs, logger });
    factory.on('socket', (socket) => this.#automate(socket));
  }

  // The routes need the bridge's sessions and outbox, which exist only once it has started.
  attach(bridge) {
    this.#bridge = bridge;
  }

  // createBridgeServer's extraRoutes hook.
  routes = (request, response, url) => {
    if (url.pathname.startsWith('/fake/') && !this.#bridge) {
      reply(response, 503, { error: 'fake bridge still starting' });
      return true;
    }
    if (url.pathname === '/fake/stats' && request.method === 'GET') {
      reply(response, 200, this.stats());
      return true;
    }
    const match = ROUTE.exec(url.pathname);
    if (!match) {
      if (!url.pathname.startsWith('/fake/')) return false;
      reply(response, 404, { error: 'no such fake endpoint' });
      return true;
    }
    let userId;
    try {
      userId = decodeURIComponent(match[1]);
    } catch {
      reply(response, 400, { error: 'user id is not URL-encoded properly' });
      return true;
    }
    return this.#route(`${request.method} ${match[2]}`, userId, request, response).then(() => true);
  };

  stats() {
    let sessions = 0;
    for (const user of this.#users.values()) if (user.socket && !user.socket.ended) sessions += 1;
    const memory = process.memoryUsage();
    return { sessions, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed };
  }

  async #route(action, userId, request, response) {
    const user = this.#users.get(userId);
    // Everything but "sent" needs a live socket; "sent" covers the sockets the user had.
    if (action === 'GET sent') {
      const sockets = this.factory.socketsOf(userId);
      return reply(response, 200, { sent: sockets.flatMap((socket) => socket.sent), presences: sockets.flatMap((socket) => socket.presences) });
    }
    if (action === 'GET stream') {
      if (!user?.stream) return reply(response, 404, { error: 'no stream for this user' });
      const outbox = await this.#bridge.outbox.forUser(userId);
      return reply(response, 200, { emitted: user.stream.emitted, pending: outbox.pending.size, done: user.stream.done });
    }
    const socket = user?.socket;
    if (!socket || socket.ended) return reply(response, 404, { error: 'no live fake socket for this user' });
    const body = request.method === 'POST' ? await readJson(request) : {};
    switch (action) {
      case 'POST scan':
        return reply(response, 200, { jid: this.#scan(user, body.jid ?? defaultJid(userId)) });
      case 'POST qr':
        return reply(response, 200, { qr: this.#showNextQr(user) });
      case 'POST close':
        if (!Number.isInteger(body.statusCode)) return reply(response, 400, { error: 'statusCode is required' });
        socket.close(body.statusCode);
        return reply(response, 200, { status: 'ok' });
      case 'POST messages':
        return this.#messages(user, body, response);
      case 'POST stream':
        return this.#startStream(user, body, response);
      case 'POST rate-limit':
        if (!Number.isInteger(body.count) || body.count < 0) return reply(response, 400, { error: 'count is required' });
        user.limits.rateLimitedSends = body.count;
        return reply(response, 200, { status: 'ok' });
      default:
        return reply(response, 404, { error: 'no such fake endpoint' });
    }
  }

  #userOf(userId) {
    let user = this.#users.get(userId);
    if (!user) {
      user = { userId, socket: null, qrCount: 0, limits: { rateLimitedSends: 0 }, groups: {}, stream: null };
      this.#users.set(userId, user);
    }
    return user;
  }

  // A new login shows a QR (rotating if configured); a stored one opens. Both on the next tick, as the
  // bridge subscribes to the socket's events only after createSocket returns.
  #automate(socket) {
    const user = this.#userOf(socket.userId);
    user.socket = socket;
    socket.limits = user.limits;
    socket.groups = { ...socket.groups, ...user.groups };
    let rotation = null;
    socket.whenEnded = new Set(); // callbacks for the socket's end
    const end = socket.end.bind(socket);
    socket.end = (...args) => {
      // Cleared when the socket ends, so a thousand abandoned links leave no timers behind.
      if (rotation) {
        clearInterval(rotation);
        this.activeQrRotations -= 1;
      }
      rotation = null;
      const result = end(...args);
      for (const callback of socket.whenEnded) callback();
      socket.whenEnded.clear();
      return result;
    };
    setImmediate(() => {
      if (socket.ended) return;
      if (socket.auth.creds.me) {
        socket.open(socket.auth.creds.me.id);
        return;
      }
      this.#showNextQr(user);
      if (this.qrRotateMs > 0) {
        rotation = setInterval(() => this.#showNextQr(user), this.qrRotateMs);
        rotation.unref();
        this.activeQrRotations += 1;
      }
    });
  }

  #showNextQr(user) {
    user.qrCount += 1;
    const qr = `fake-qr-${user.userId}-${user.qrCount}`;
    user.socket.showQr(qr);
    return qr;
  }

  // As a phone scanning the QR: the login gets its identity, then WhatsApp asks for a restart; the
  // bridge's new socket finds creds.me and opens by itself (see #automate).
  #scan(user, jid) {
    const { socket } = user;
    socket.auth.creds.me = { id: jid };
    socket.ev.emit('creds.update', { me: socket.auth.creds.me });
    socket.close(RESTART_REQUIRED);
    return jid;
  }

  async #messages(user, body, response) {
    if (!Array.isArray(body.messages) || body.messages.some((message) => !message?.id || !message.from || typeof message.text !== 'string')) {
      return reply(response, 400, { error: 'messages: [{id, from, text, ...}] is required' });
    }
    for (const { group } of body.messages) {
      if (group?.id) user.groups[group.id] = { id: group.id, subject: group.subject ?? null };
    }
    Object.assign(user.socket.groups, user.groups);
    const error = await this.#emitStored(user, body.messages.map(rawMessage));
    if (error) return reply(response, 500, { error: error.message });
    return reply(response, 200, { emitted: body.messages.length });
  }

  // Emits one upsert and resolves once the bridge has handled it (in the outbox), or the socket ended.
  // Resolves with the error if the bridge failed to store it.
  #emitStored(user, messages) {
    const session = this.#bridge.sessions.get(user.userId);
    const { socket } = user;
    if (!session) return Promise.resolve(new Error('no bridge session for this user'));
    if (socket.ended) return Promise.resolve(new Error('the socket ended'));
    if (!this.#sessionsHeard.has(session)) {
      // One listener per session, however many upserts are awaited at once.
      this.#sessionsHeard.add(session);
      session.on('upsert handled', (upsert, error) => this.#awaitedUpserts.get(upsert)?.(error));
    }
    const upsert = { type: 'notify', messages };
    return new Promise((resolve) => {
      const finish = (error) => {
        this.#awaitedUpserts.delete(upsert);
        socket.whenEnded.delete(onEnded);
        resolve(error);
      };
      // The bridge ignores upserts of a socket it has retired, so nothing would ever be handled.
      const onEnded = () => finish(new Error('the socket ended'));
      this.#awaitedUpserts.set(upsert, finish);
      socket.whenEnded.add(onEnded);
      socket.ev.emit('messages.upsert', upsert);
    });
  }

  #startStream(user, body, response) {
    const count = body.count;
    const { prefix } = body;
    const batchSize = body.batchSize ?? 50;
    const maxPending = body.maxPending ?? 1000;
    if (!Number.isInteger(count) || count < 0 || typeof prefix !== 'string' || prefix === ''
      || !Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(maxPending) || maxPending < 1) {
      return reply(response, 400, { error: 'count and prefix are required; batchSize and maxPending are positive integers' });
    }
    if (user.stream && !user.stream.done) return reply(response, 409, { error: 'a stream is running for this user' });
    const stream = { emitted: 0, done: false };
    user.stream = stream;
    this.#runStream(user, stream, { count, prefix, batchSize, maxPending, from: body.from ?? '4915111111111@s.whatsapp.net' })
      .catch((error) => this.logger.error({ err: error, userId: user.userId }, 'fake stream failed'))
      .finally(() => {
        stream.done = true;
      });
    return reply(response, 200, { started: true });
  }

  async #runStream(user, stream, { count, prefix, batchSize, maxPending, from }) {
    const { socket } = user;
    const outbox = await this.#bridge.outbox.forUser(user.userId);
    const dir = join(this.dataDir, 'fake-emitted');
    mkdirSync(dir, { recursive: true });
    const log = join(dir, userFileName(user.userId, '.log'));
    for (let i = 0; i < count && !socket.ended; i += batchSize) {
      // As fast as the host acknowledges: wait while the outbox is full.
      while (outbox.pending.size >= maxPending && !socket.ended) await roomOrTimeout(outbox, 100);
      if (socket.ended) break;
      // Stamped now, batch by batch: a long stream must not look like old (offline) messages to a filter.
      const timestamp = Math.floor(Date.now() / 1000);
      const messages = [];
      for (let n = i; n < Math.min(count, i + batchSize); n += 1) {
        messages.push(rawMessage({ id: `${prefix}-${n}`, from, text: `stream message ${n}`, timestamp }));
      }
      const error = await this.#emitStored(user, messages);
      if (error) break;
      // Only now: every id in this file is in the bridge's outbox, so it reaches the host even after a SIGKILL.
      appendFileSync(log, messages.map((message) => `${message.key.id}\n`).join(''));
      stream.emitted += messages.length;
    }
  }
}

function roomOrTimeout(outbox, ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      outbox.off('acked', done);
      resolve();
    };
    const timer = setTimeout(done, ms); // and check the socket now and then
    outbox.on('acked', done);
  });
}

// A Baileys-shaped text message; in a group remoteJid is the group and participant the sender.
function rawMessage({ id, from, text, pushName, fromMe = false, group, timestamp }) {
  return {
    key: group?.id
      ? { id, remoteJid: group.id, participant: from, fromMe: Boolean(fromMe) }
      : { id, remoteJid: from, fromMe: Boolean(fromMe) },
    message: { conversation: text },
    messageTimestamp: timestamp ?? Math.floor(Date.now() / 1000),
    pushName: pushName ?? null,
  };
}

// "49151" and six digits derived from the user id: stable across runs, distinct enough across users.
export function defaultJid(userId) {
  const digits = createHash('sha256').update(userId, 'utf8').digest().readUInt32BE(0) % 1_000_000;
  return `49151${String(digits).padStart(6, '0')}:1@s.whatsapp.net`;
}
