// A stand-in for Baileys with the same surface the bridge uses: sockets whose events the tests emit.
// Used by the tests (WhatsApp is unreachable here) and handy for driving a host without a phone.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';

export class FakeSocketFactory extends EventEmitter {
  sockets = [];

  initAuthCreds() {
    // A binary field, so the encrypted store's Buffer handling is exercised as with real credentials.
    return { noiseKey: { private: randomBytes(32), public: randomBytes(32) }, registrationId: 1, me: undefined };
  }

  reviveKey(type, value) {
    return value;
  }

  async createSocket({ userId, auth, syncFullHistory = false }) {
    const socket = new FakeSocket(userId, auth);
    socket.options = { syncFullHistory };
    this.sockets.push(socket);
    this.emit('socket', socket);
    return socket;
  }

  socketsOf(userId) {
    return this.sockets.filter((socket) => socket.userId === userId);
  }

  // The next socket created for the user.
  nextSocket(userId) {
    return new Promise((resolve) => {
      const listener = (socket) => {
        if (socket.userId !== userId) return;
        this.off('socket', listener);
        resolve(socket);
      };
      this.on('socket', listener);
    });
  }
}

export class FakeSocket {
  ev = new EventEmitter();
  ended = false;
  loggedOut = false;
  sent = [];
  presences = [];
  user = undefined;
  // Shared by all sockets of a user in the fake bridge, so a rate limit outlives a reconnect.
  limits = { rateLimitedSends: 0 };

  constructor(userId, auth) {
    this.userId = userId;
    this.auth = auth;
  }

  showQr(qr) {
    this.ev.emit('connection.update', { qr });
  }

  // lid null: an account whose LID Baileys did not report.
  open(jid = '4915100000000:7@s.whatsapp.net', lid = '100000000000001:7@lid') {
    this.user = lid ? { id: jid, lid } : { id: jid };
    this.auth.creds.me = { ...this.user };
    this.ev.emit('creds.update', { me: this.auth.creds.me });
    this.ev.emit('connection.update', { connection: 'open' });
  }

  close(statusCode) {
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: boom(statusCode) } });
  }

  receive(messages, type = 'notify') {
    this.ev.emit('messages.upsert', { type, messages });
  }

  end() {
    if (this.ended) return;
    this.ended = true;
    this.close(428); // Baileys reports its own end as "connection closed"
  }

  async logout() {
    // As in Baileys: logging out needs the open connection.
    if (this.ended) throw Object.assign(new Error('Connection Closed'), { output: { statusCode: 428 } });
    this.loggedOut = true;
    this.end();
  }

  async sendMessage(jid, content) {
    if (this.limits.rateLimitedSends > 0) {
      this.limits.rateLimitedSends -= 1;
      throw rateOverlimit();
    }
    this.sent.push({ jid, content });
    return { key: { id: `SENT${this.sent.length}`, remoteJid: jid, fromMe: true } };
  }

  async onWhatsApp(phone) {
    return [{ exists: true, jid: `${phone.replace(/\D/g, '')}@s.whatsapp.net` }];
  }

  async groupFetchAllParticipating() {
    const all = Object.fromEntries(Object.values(this.groups).map((metadata) => [metadata.id, metadata]));
    // As Baileys does: every group's metadata also goes out as groups.update.
    this.ev.emit('groups.update', Object.values(all));
    return all;
  }

  // Group metadata the fake knows (tests add to it); every look-up is recorded, so tests can count them.
  groups = { '1@g.us': { id: '1@g.us', subject: 'Family', participants: [] } };
  groupMetadataCalls = [];
  groupMetadataFailure = null; // an Error to throw instead of answering

  async groupMetadata(jid) {
    this.groupMetadataCalls.push(jid);
    await new Promise((resolve) => setImmediate(resolve)); // an answer from the network comes later
    if (this.groupMetadataFailure) throw this.groupMetadataFailure;
    const metadata = this.groups[jid];
    if (!metadata) throw Object.assign(new Error('item-not-found'), { output: { statusCode: 404 } });
    return metadata;
  }

  async sendPresenceUpdate(presence, jid) {
    this.presences.push({ jid, presence });
  }

}

// As Baileys reports WhatsApp's <error code="429" text="rate-overlimit"/>: a Boom with data 429.
function rateOverlimit() {
  return Object.assign(new Error('rate-overlimit'), { data: 429, output: { statusCode: 500 } });
}

function boom(statusCode) {
  return Object.assign(new Error(`closed with ${statusCode}`), { output: { statusCode } });
}
