// The users' sessions: at most one WhatsApp connection per user, and the QR watchdog.
// The watchdog ends a link nobody is watching (no heartbeat from the host for linkWatchTimeoutMs while a
// QR is pending, spec/09 §7). Unlike the original it looks only at sessions showing a QR, never at a
// linked account that is reconnecting (spec/14 item 24).
import { EventEmitter } from 'node:events';
import { Status, UserSession, systemTimers } from './user-session.js';

export class SessionManager extends EventEmitter {
  #sessions = new Map();
  #watchdog = null;

  constructor({ socketFactory, credentialStore, outbox, logger, timers = systemTimers, linkWatchTimeoutMs = 5_000 }) {
    super();
    Object.assign(this, { socketFactory, credentialStore, outbox, logger, timers, linkWatchTimeoutMs });
  }

  get(userId) {
    return this.#sessions.get(userId) ?? null;
  }

  // Starts the user's connection, or restarts it if one exists (the same session object, so the host's
  // subscription and the reconnect counters carry over). config: the user's provider settings, if sent.
  async initialize(userId, config) {
    let session = this.#sessions.get(userId);
    if (!session) {
      session = new UserSession({
        userId,
        socketFactory: this.socketFactory,
        credentialStore: this.credentialStore,
        outbox: await this.outbox.forUser(userId),
        logger: this.logger.child({ userId }),
        timers: this.timers,
      });
      session.on('status', (snapshot) => this.emit('status', userId, snapshot));
      session.on('messages', (messages) => this.emit('messages', userId, messages));
      this.#sessions.set(userId, session);
    }
    session.config = config ?? {}; // none sent: the defaults (provider-settings.js)
    await session.start();
    return session;
  }

  stop(userId) {
    const session = this.#sessions.get(userId);
    if (!session) return false;
    session.stop();
    return true;
  }

  async unlink(userId) {
    const session = this.#sessions.get(userId);
    if (session) {
      await session.unlink();
      this.#sessions.delete(userId);
    } else {
      // Not running: still erase exactly this user's stored login.
      await this.credentialStore.erase(userId);
    }
  }

  stopAll() {
    for (const session of this.#sessions.values()) session.stop();
    this.stopWatchdog();
  }

  checkAbandonedLinks() {
    const now = this.timers.now();
    for (const session of this.#sessions.values()) {
      if (session.status === Status.linking && now - session.lastHeartbeat > this.linkWatchTimeoutMs) {
        this.logger.info({ userId: session.userId }, 'QR not watched any more: link abandoned');
        session.stop(Status.disconnected);
      }
    }
  }

  startWatchdog(intervalMs = 1_000) {
    this.#watchdog = setInterval(() => this.checkAbandonedLinks(), intervalMs);
    this.#watchdog.unref();
  }

  stopWatchdog() {
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#watchdog = null;
  }
}
