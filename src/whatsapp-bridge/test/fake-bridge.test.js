// The fake bridge (test-support/fake-main.js) end to end, as the host's tests and benchmarks use it:
// a child process driven over HTTP, the host's WebSocket and the /fake/ control routes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { newDataDir, startTestBridge } from '../test-support/bridge-harness.js';
import { spawnFakeBridge } from '../test-support/fake-bridge-process.js';
import { FakeWhatsApp } from '../test-support/fake-whatsapp.js';
import { userFileName } from '../src/user-file-name.js';

const ids = (frame) => frame.messages.map((message) => message.id);

async function eventually(check, { timeoutMs = 5_000 } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('fake bridge: listening line, QR, scan, connected, inbound messages to the host, sends recorded', async (t) => {
  const bridge = await spawnFakeBridge(t, { dataDir: await newDataDir() });
  assert.match(bridge.firstLine, /^\{"event":"listening","port":\d+\}$/);
  assert.ok(bridge.port > 0);
  const withoutSecret = await fetch(`http://127.0.0.1:${bridge.port}/fake/stats`);
  assert.equal(withoutSecret.status, 401, 'the control routes need the secret too');

  // Offline processing on: F1 below carries a fixed (old) WhatsApp time.
  const initialized = await bridge.request('POST', '/initialize', { userId: 'alice', config: { allow_group_messages: true, process_offline_messages: true } });
  assert.equal(initialized.status, 200);
  const linking = await eventually(async () => {
    const status = (await bridge.request('GET', '/sessions/alice/status?heartbeat=true')).body;
    return status.status === 'linking' && status;
  });
  assert.equal(linking.qr, 'fake-qr-alice-1');
  assert.deepEqual((await bridge.request('POST', '/fake/sessions/alice/qr')).body, { qr: 'fake-qr-alice-2' });

  const scanned = await bridge.request('POST', '/fake/sessions/alice/scan', {});
  assert.match(scanned.body.jid, /^49151\d{6}:1@s\.whatsapp\.net$/);
  const connected = await eventually(async () => {
    const status = (await bridge.request('GET', '/sessions/alice/status')).body;
    return status.status === 'connected' && status;
  });
  assert.equal(connected.user_jid, scanned.body.jid.replace(':1@', '@'));

  const emitted = await bridge.request('POST', '/fake/sessions/alice/messages', {
    messages: [
      { id: 'F1', from: '4917011111111@s.whatsapp.net', text: 'hello', pushName: 'Bob', timestamp: 1_760_000_000 },
      { id: 'F2', from: '4917022222222@s.whatsapp.net', text: 'in the group', group: { id: '120363000000000001@g.us', subject: 'Team' } },
    ],
  });
  assert.deepEqual(emitted, { status: 200, body: { emitted: 2 } });
  const host = await bridge.connectHost('alice');
  const frame = await host.nextMessages();
  assert.deepEqual(ids(frame), ['F1', 'F2']);
  assert.equal(frame.messages[0].display_name, 'Bob');
  assert.equal(frame.messages[0].originating_time, 1_760_000_000_000);
  assert.deepEqual([frame.messages[1].chat_id, frame.messages[1].sender_id, frame.messages[1].is_group], ['120363000000000001@g.us', '4917022222222@s.whatsapp.net', true]);
  host.send({ action: 'ack', ids: ['F1', 'F2'] });

  assert.equal((await bridge.request('POST', '/sessions/alice/presence', { recipient: '1@s.whatsapp.net', presence: 'composing' })).status, 200);
  assert.equal((await bridge.request('POST', '/fake/sessions/alice/rate-limit', { count: 1 })).status, 200);
  assert.equal((await bridge.request('POST', '/sessions/alice/send', { recipient: '1@s.whatsapp.net', message: 'hi' })).status, 429);
  assert.equal((await bridge.request('POST', '/sessions/alice/send', { recipient: '1@s.whatsapp.net', message: 'hi' })).status, 200);
  assert.deepEqual((await bridge.request('GET', '/fake/sessions/alice/sent')).body, {
    sent: [{ jid: '1@s.whatsapp.net', content: { text: 'hi' } }],
    presences: [{ jid: '1@s.whatsapp.net', presence: 'composing' }],
  });

  const closed = await bridge.request('POST', '/fake/sessions/alice/close', { statusCode: 440 });
  assert.equal(closed.status, 200);
  assert.equal((await host.nextStatus('replaced')).status, 'replaced');
  assert.equal((await bridge.request('POST', '/fake/sessions/alice/qr')).status, 404, 'no live fake socket any more');
  const stats = (await bridge.request('GET', '/fake/stats')).body;
  assert.equal(stats.sessions, 0);
  assert.ok(stats.rssBytes > 0 && stats.heapUsedBytes > 0);
  await host.close();
});

test('fake bridge: every id in the emitted log reaches the host exactly once after a SIGKILL mid-stream', async (t) => {
  const dataDir = await newDataDir();
  const first = await spawnFakeBridge(t, { dataDir });
  await first.request('POST', '/initialize', { userId: 'alice' });
  await eventually(async () => (await first.request('GET', '/sessions/alice/status')).body.status === 'linking');
  await first.request('POST', '/fake/sessions/alice/scan', {});
  await eventually(async () => (await first.request('GET', '/sessions/alice/status')).body.status === 'connected');

  // A host that acknowledges only part of what it gets, so messages are pending when the bridge dies.
  // An ack sent just before the kill may not be in the file yet: that id may come once more (README:
  // "Ack flow"), so those are only required to arrive in one of the two runs.
  const acknowledged = new Set();
  const firstHost = await first.connectHost('alice');
  firstHost.socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type !== 'messages') return;
    const some = ids(frame).filter((id, i) => i % 2 === 0);
    for (const id of some) acknowledged.add(id);
    firstHost.send({ action: 'ack', ids: some });
  });
  assert.deepEqual((await first.request('POST', '/fake/sessions/alice/stream', { count: 100_000, prefix: 'S', batchSize: 50, maxPending: 2_000 })).body, { started: true });
  await eventually(async () => (await first.request('GET', '/fake/sessions/alice/stream')).body.emitted >= 2_000);
  first.child.kill('SIGKILL');
  await first.exited;

  const log = join(dataDir, 'fake-emitted', userFileName('alice', '.log'));
  const emitted = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  assert.ok(emitted.length >= 2_000 && emitted.length < 100_000, `emitted ${emitted.length}`);
  assert.equal(new Set(emitted).size, emitted.length);

  const second = await spawnFakeBridge(t, { dataDir });
  const host = await second.connectHost('alice');
  const delivered = new Map();
  const expected = emitted.filter((id) => !acknowledged.has(id));
  // Through HostClient's buffer: the backlog can arrive in the same read as the upgrade's answer.
  while (!expected.every((id) => delivered.has(id))) {
    const frame = await host.nextMessages();
    for (const id of ids(frame)) delivered.set(id, (delivered.get(id) ?? 0) + 1);
    host.send({ action: 'ack', ids: ids(frame) });
  }
  for (const id of expected) assert.equal(delivered.get(id), 1, `${id} once`);
  for (const [id, times] of delivered) assert.equal(times, 1, `${id} once in the new run`);
  await host.close();
});

test('fake bridge: it ends when its parent goes away (stdin closed) with BRIDGE_EXIT_WITH_PARENT=1', async (t) => {
  const bridge = await spawnFakeBridge(t, { dataDir: await newDataDir(), env: { BRIDGE_EXIT_WITH_PARENT: '1' } });
  assert.equal((await bridge.request('GET', '/health')).status, 200);
  bridge.child.stdin.end();
  const [code] = await bridge.exited;
  assert.equal(code, 0);
});

test('a thousand fake sessions: QR rotation timers exist only while their sockets live', async (t) => {
  const bridge = await startTestBridge(t);
  const whatsapp = new FakeWhatsApp({ factory: bridge.factory, dataDir: bridge.dataDir, qrRotateMs: 60_000, logger: console });
  whatsapp.attach(bridge.bridge);
  const users = Array.from({ length: 1_000 }, (_, i) => `user-${i}`);
  for (let i = 0; i < users.length; i += 100) {
    await Promise.all(users.slice(i, i + 100).map((userId) => bridge.bridge.sessions.initialize(userId)));
  }
  await eventually(() => users.every((userId) => bridge.bridge.sessions.get(userId).status === 'linking'));
  assert.equal(whatsapp.stats().sessions, 1_000);
  assert.equal(whatsapp.activeQrRotations, 1_000, 'one rotation timer per QR');
  assert.equal(bridge.bridge.sessions.get('user-7').qr, 'fake-qr-user-7-1');
  for (const userId of users) bridge.bridge.sessions.stop(userId);
  assert.equal(whatsapp.stats().sessions, 0);
  assert.equal(whatsapp.activeQrRotations, 0, 'the rotation timers went with their sockets');
});
