// One user's WhatsApp connection: creates the socket through the factory, follows connection.update,
// applies the reconnect policy, stores the login state and puts inbound messages in the outbox.
// Every socket gets a generation number; events of a socket we replaced or ended are ignored, which is
// what the original's "graceful" and "zombie" flags tried to do.
import { EventEmitter } from 'node:events';
import { loadAuthState } from './auth-state.js';
import { providerSettings } from './provider-settings.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { UserMessaging } from './user-messaging.js';

// Status values reported to the host (README: "Status values").
export const Status = Object.freeze({
  initializing: 'initializing',
  connecting: 'connecting',
  linking: 'linking',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
  loggedOut: 'logged_out',
  replaced: 'replaced',
});

export const systemTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  now: () => Date.now(),
};

export class UserSession extends EventEmitter {
  #generation = 0;
  #socket = null;
  #auth = null;
  #reconnectTimer = null;

  constructor({ userId, socketFactory, credentialStore, outbox, logger, timers = systemTimers, policy }) {
    super();
    Object.assign(this, { userId, socketFactory, credentialStore, outbox, logger, timers });
    this.policy = policy ?? new ReconnectPolicy({ now: () => timers.now() });
    this.status = Status.initializing;
    this.qr = null;
    this.userJid = null;
    this.lastDisconnect = null;
    this.lastHeartbeat = timers.now();
    this.config = {}; // the provider settings from POST /initialize
    this.messaging = new UserMessaging({ logger, now: () => timers.now(), settings: () => providerSettings(this.config) });
    this.on('status', ({ status }) => {
      if (status === Status.loggedOut) this.messaging.forget();
    });
  }

  snapshot() {
    return { status: this.status, qr: this.qr, user_jid: this.userJid, last_disconnect: this.lastDisconnect };
  }

  heartbeat() {
    this.lastHeartbeat = this.timers.now();
  }

  get socket() {
    return this.#socket;
  }

  // (Re)starts the connection with the stored login state (or a fresh one, which leads to a QR).
  async start() {
    this.#cancelReconnect();
    this.#retire();
    const generation = this.#generation;
    this.qr = null;
    this.lastHeartbeat = this.timers.now();
    this.#setStatus(Status.connecting);
    this.#auth = await loadAuthState({
      store: this.credentialStore,
      userId: this.userId,
      initAuthCreds: () => this.socketFactory.initAuthCreds(),
      reviveKey: this.socketFactory.reviveKey,
    });
    if (generation !== this.#generation) return; // stopped or restarted while loading
    const socket = await this.socketFactory.createSocket({
      userId: this.userId,
      auth: this.#auth.state,
      logger: this.logger,
      syncFullHistory: providerSettings(this.config).sync_full_history,
      cachedGroupMetadata: this.messaging.cachedGroupMetadata,
    });
    if (generation !== this.#generation) {
      socket.end(undefined);
      return;
    }
    this.#socket = socket;
    const auth = this.#auth;
    const current = () => generation === this.#generation;
    this.messaging.attach(socket, { auth, isCurrent: current });
    socket.ev.on('creds.update', () => {
      if (current()) auth.saveCreds().catch((error) => this.logger.error({ err: error }, 'saving credentials failed'));
    });
    socket.ev.on('connection.update', (update) => {
      if (current()) this.#onConnectionUpdate(update).catch((error) => this.logger.error({ err: error }, 'connection update failed'));
    });
    socket.ev.on('messages.upsert', (upsert) => {
      if (!current()) return;
      // 'upsert handled' (upsert, error|null) tells the fake bridge when an upsert is in the outbox.
      this.#onMessages(upsert).then(
        () => this.emit('upsert handled', upsert, null),
        (error) => {
          this.logger.error({ err: error }, 'inbound messages failed');
          this.emit('upsert handled', upsert, error);
        },
      );
    });
  }

  // Ends the connection without logging out (shutdown, host stop, abandoned QR).
  stop(status = Status.disconnected) {
    this.#cancelReconnect();
    this.#retire();
    this.qr = null;
    this.#setStatus(status);
  }

  // Logs out of WhatsApp and erases exactly this user's credentials.
  async unlink() {
    this.#cancelReconnect();
    // Its events are ignored from here on, but it stays open for the logout: an ended socket cannot
    // log out, and the linked device would stay on the phone.
    const socket = this.#retire({ end: false });
    if (socket) {
      try {
        await socket.logout();
      } catch (error) {
        this.logger.warn({ err: error }, 'logout failed; credentials are erased anyway');
      }
      endQuietly(socket, this.logger);
    }
    await this.credentialStore.erase(this.userId);
    this.qr = null;
    this.userJid = null;
    this.#setStatus(Status.loggedOut);
  }

  // Makes the current socket's events stale and (unless told otherwise) ends it; returns that socket.
  #retire({ end = true } = {}) {
    this.#generation += 1;
    this.#auth?.close();
    const socket = this.#socket;
    this.#socket = null;
    if (socket && end) endQuietly(socket, this.logger);
    return socket;
  }

  async #onConnectionUpdate(update) {
    if (update.qr) {
      // The raw QR text: the host renders the image itself.
      this.qr = update.qr;
      this.#setStatus(Status.linking);
    }
    if (update.connection === 'open') {
      this.policy.onOpen();
      this.qr = null;
      this.lastDisconnect = null;
      this.userJid = withoutDevice(this.#socket?.user?.id);
      this.#setStatus(Status.connected);
    } else if (update.connection === 'close') {
      await this.#onClose(statusCodeOf(update.lastDisconnect?.error));
    }
    // Updates without `connection` (QR only, "receivedPendingNotifications", ...) leave the status as it
    // is; the original overwrote it with undefined (spec/14 item 24).
  }

  async #onClose(statusCode) {
    const decision = this.policy.decide(statusCode);
    this.lastDisconnect = { status_code: statusCode, reason: decision.reason, action: decision.action };
    this.logger.info({ userId: this.userId, statusCode, ...decision }, 'WhatsApp connection closed');
    this.qr = null;
    switch (decision.action) {
      case 'reconnect':
        this.#retire();
        this.#setStatus(Status.reconnecting);
        this.#scheduleStart(decision.delayMs);
        break;
      case 'relink':
        this.#retire();
        await this.credentialStore.erase(this.userId);
        this.userJid = null;
        this.#setStatus(Status.reconnecting);
        this.#scheduleStart(decision.delayMs);
        break;
      case 'logged_out':
        this.#retire();
        await this.credentialStore.erase(this.userId);
        this.userJid = null;
        this.#setStatus(Status.loggedOut);
        break;
      case 'replaced':
        this.#retire();
        this.#setStatus(Status.replaced);
        break;
      default:
        throw new Error(`unknown action ${decision.action}`);
    }
  }

  #scheduleStart(delayMs) {
    this.#reconnectTimer = this.timers.setTimeout(() => {
      this.#reconnectTimer = null;
      this.start().catch((error) => {
        this.logger.error({ err: error }, 'reconnect failed');
        this.#onClose(500).catch(() => {});
      });
    }, delayMs);
  }

  #cancelReconnect() {
    if (this.#reconnectTimer) this.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  // Converted and handed on one upsert after the other (messaging.onUpsert queues them), so the host
  // gets them in WhatsApp's order even when a group name look-up holds one batch up. One outbox write
  // per upsert; the host gets the messages only once they are in the file.
  #onMessages(upsert) {
    return this.messaging.onUpsert(upsert, async (messages) => {
      const added = await this.outbox.addAll(messages);
      if (added.length > 0) this.emit('messages', added);
    });
  }

  #setStatus(status) {
    this.status = status;
    this.emit('status', this.snapshot());
  }
}

function endQuietly(socket, logger) {
  try {
    socket.end(undefined);
  } catch (error) {
    logger.warn({ err: error }, 'ending the socket failed');
  }
}

function statusCodeOf(error) {
  return error?.output?.statusCode ?? error?.statusCode ?? 500;
}

// "4915112345678:12@s.whatsapp.net" -> "4915112345678@s.whatsapp.net"
function withoutDevice(jid) {
  return jid ? jid.replace(/:\d+@/, '@') : null;
}
