// Starts the real bridge on a free loopback port with the fake socket factory, and gives the tests a
// host: HTTP requests with the secret and a WebSocket client that collects the bridge's frames.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startBridge } from '../src/bridge.js';
import { FakeSocketFactory } from '../src/fake-socket-factory.js';
import { createLogger } from '../src/log.js';

export const SECRET = 'test-secret-0123456789abcdef';
export const CREDENTIAL_KEY = Buffer.alloc(32, 7);

// Removed when the test process exits, not in an after hook: hooks run in the order they were added, so
// the folder would go while the bridge using it is still stopping (and a restart test shares it).
const dataDirs = [];
process.once('exit', () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

export async function newDataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'whatsapp-bridge-test-'));
  dataDirs.push(dir);
  return dir;
}

export async function startTestBridge(t, { dataDir, credentialKey = CREDENTIAL_KEY } = {}) {
  dataDir ??= await newDataDir();
  const factory = new FakeSocketFactory();
  const bridge = await startBridge({
    host: '127.0.0.1',
    port: 0,
    secret: SECRET,
    dataDir,
    credentialKey,
    socketFactory: factory,
    logger: createLogger({ level: process.env.BRIDGE_TEST_LOG ?? 'silent' }),
    watchdog: false,
  });
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      // Real timers again first: the shutdown of sockets must not wait on a mocked clock.
      t.mock.timers.reset();
      await bridge.stop();
    }
  };
  t.after(stop);
  const origin = `127.0.0.1:${bridge.address.port}`;

  return {
    bridge,
    factory,
    dataDir,
    origin,
    stop,
    async request(method, path, body, { secret = SECRET } = {}) {
      const headers = { 'content-type': 'application/json' };
      if (secret !== null) headers.authorization = `Bearer ${secret}`;
      const response = await fetch(`http://${origin}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    // Initializes the user and returns the fake WhatsApp socket the bridge created for it.
    // config: the provider settings the host sends with it (omitted: none sent).
    async initialize(userId, config) {
      const created = factory.nextSocket(userId);
      const response = await this.request('POST', '/initialize', config === undefined ? { userId } : { userId, config });
      if (response.status !== 200) throw new Error(`initialize answered ${response.status}`);
      return created;
    },
    async connectHost(userId, options) {
      return HostClient.connect(`ws://${origin}/sessions/${encodeURIComponent(userId)}/events`, options);
    },
  };
}

export class HostClient {
  frames = [];
  #cursor = 0;
  #waiters = [];

  static connect(url, { secret = SECRET } = {}) {
    const headers = secret === null ? {} : { authorization: `Bearer ${secret}` };
    const socket = new WebSocket(url, { headers });
    const client = new HostClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (request, response) => reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { statusCode: response.statusCode })));
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.#check();
    });
  }

  // The next frame (after those already taken) that matches; earlier non-matching frames are skipped.
  next(predicate = () => true) {
    return new Promise((resolve) => {
      this.#waiters.push({ predicate, resolve });
      this.#check();
    });
  }

  nextStatus(status) {
    return this.next((frame) => frame.type === 'status_update' && (status === undefined || frame.status === status));
  }

  nextMessages() {
    return this.next((frame) => frame.type === 'messages');
  }

  send(frame) {
    this.socket.send(JSON.stringify(frame));
  }

  // A round trip: every frame the bridge sent before answering this request has arrived.
  async sync() {
    this.send({ action: 'request_status' });
    return this.nextStatus();
  }

  async close() {
    this.socket.close();
    await this.closed;
  }

  #check() {
    while (this.#waiters.length > 0) {
      const waiter = this.#waiters[0];
      const index = this.frames.findIndex((frame, i) => i >= this.#cursor && waiter.predicate(frame));
      if (index < 0) return;
      this.#cursor = index + 1;
      this.#waiters.shift();
      waiter.resolve(this.frames[index]);
    }
  }
}

// A raw Baileys text message as messages.upsert delivers it; sent now (older ones are "offline").
export function textMessage(id, text, { chat = '4915111111111@s.whatsapp.net', timestamp = nowInSeconds() } = {}) {
  return { key: { id, remoteJid: chat, fromMe: false }, message: { conversation: text }, messageTimestamp: timestamp, pushName: 'Alice' };
}

// A raw Baileys 7 group message: the participant by LID, its phone JID in participantAlt.
export function groupMessage(id, text, {
  group = '1@g.us', participant = '200000000000002@lid', participantAlt = '4915122222222@s.whatsapp.net',
  pushName = 'Bob', timestamp = nowInSeconds(), fromMe = false,
} = {}) {
  return {
    key: { id, remoteJid: group, fromMe, participant, participantAlt, addressingMode: 'lid' },
    message: { conversation: text },
    messageTimestamp: timestamp,
    pushName,
  };
}

export const nowInSeconds = () => Math.floor(Date.now() / 1000);
