// What to do when a user's WhatsApp connection closes, decided from the disconnect status code.
// The counters live here, across reconnects, and are reset only when a connection opens: the original
// bridge reset them on every reconnect, so "bad session after 3 tries" and "3 x 405 in 30 s" never fired
// and a broken session looped every 5 s forever (spec/14 item 23).

export const DisconnectCode = Object.freeze({
  loggedOut: 401,
  methodNotAllowed: 405,
  connectionReplaced: 440,
  badSession: 500,
  restartRequired: 515,
});

export class ReconnectPolicy {
  constructor({
    now = () => Date.now(),
    badSessionLimit = 3,
    methodNotAllowedLimit = 3,
    methodNotAllowedWindowMs = 30_000,
    baseDelayMs = 5_000,
    maxDelayMs = 60_000,
    relinkDelayMs = 1_000,
  } = {}) {
    Object.assign(this, { now, badSessionLimit, methodNotAllowedLimit, methodNotAllowedWindowMs, baseDelayMs, maxDelayMs, relinkDelayMs });
    this.onOpen();
  }

  onOpen() {
    this.failures = 0;
    this.badSessions = 0;
    this.methodNotAllowedTimes = [];
  }

  // Returns { action, delayMs?, reason }:
  //   reconnect  - open a new socket with the same credentials after delayMs
  //   relink     - erase the credentials and start over with a fresh QR after delayMs
  //   logged_out - erase the credentials, report, do not reconnect (the user links again from the host)
  //   replaced   - another client took over these credentials: report, do not reconnect (we would fight it)
  decide(statusCode) {
    switch (statusCode) {
      case DisconnectCode.restartRequired:
        // WhatsApp asks for this right after a QR scan; it is part of linking, not a failure.
        return { action: 'reconnect', delayMs: 0, reason: 'restart_required' };
      case DisconnectCode.loggedOut:
        return { action: 'logged_out', reason: 'logged_out' };
      case DisconnectCode.connectionReplaced:
        return { action: 'replaced', reason: 'connection_replaced' };
      case DisconnectCode.badSession:
        this.badSessions += 1;
        if (this.badSessions >= this.badSessionLimit) return this.#relink('bad_session');
        return this.#backoff('bad_session');
      case DisconnectCode.methodNotAllowed: {
        const now = this.now();
        this.methodNotAllowedTimes = this.methodNotAllowedTimes
          .filter((t) => now - t < this.methodNotAllowedWindowMs)
          .concat(now);
        if (this.methodNotAllowedTimes.length >= this.methodNotAllowedLimit) return this.#relink('repeated_405');
        return this.#backoff('method_not_allowed');
      }
      default:
        return this.#backoff(`status_${statusCode}`);
    }
  }

  #backoff(reason) {
    this.failures += 1;
    const delayMs = Math.min(this.baseDelayMs * 2 ** (this.failures - 1), this.maxDelayMs);
    return { action: 'reconnect', delayMs, reason };
  }

  #relink(reason) {
    // The credentials are gone after a relink, so the escalation starts over with them.
    this.onOpen();
    return { action: 'relink', delayMs: this.relinkDelayMs, reason };
  }
}
