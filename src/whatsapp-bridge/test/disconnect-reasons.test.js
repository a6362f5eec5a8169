// Each disconnect reason of spec/10 §4 leads to its action (README: "Disconnect reasons").
// Backoff delays run on node:test's mock timers; WebSocket frames and fake-socket events are awaited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBridge } from '../test-support/bridge-harness.js';

// A linked user (credentials stored) with the host attached, and mock timers from here on.
async function linkedUser(t, userId = 'alice') {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize(userId);
  const host = await bridge.connectHost(userId);
  socket.open();
  await host.nextStatus('connected');
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const session = bridge.bridge.sessions.get(userId);
  const storedCreds = async () => (await bridge.bridge.credentialStore.load(userId))?.creds ?? null;
  return { bridge, socket, host, session, storedCreds, userId };
}

// Closes the socket with the code and returns the status frame the host receives for it (the frames of
// the following reconnect, "connecting", repeat the last disconnect and are skipped).
async function closeWith({ socket, host }, statusCode) {
  socket.close(statusCode);
  return host.next((frame) => frame.type === 'status_update' && frame.status !== 'connecting'
    && frame.last_disconnect?.status_code === statusCode);
}

async function advance(t, { bridge, userId }, ms) {
  const created = bridge.factory.nextSocket(userId);
  t.mock.timers.tick(ms);
  return created;
}

test('515 restart required: reconnects at once with the same credentials', async (t) => {
  const user = await linkedUser(t);
  const frame = await closeWith(user, 515);
  assert.equal(frame.status, 'reconnecting');
  const next = await advance(t, user, 0);
  assert.equal(next.auth.creds.me.id, user.socket.auth.creds.me.id);
  assert.deepEqual(next.auth.creds.noiseKey, user.socket.auth.creds.noiseKey);
});

test('401 logged out: credentials erased, status logged_out reported, no reconnect', async (t) => {
  const user = await linkedUser(t);
  const frame = await closeWith(user, 401);
  assert.equal(frame.status, 'logged_out');
  assert.equal(frame.user_jid, null);
  assert.equal(await user.storedCreds(), null);
  t.mock.timers.tick(10 * 60_000);
  assert.equal((await user.host.sync()).status, 'logged_out');
  assert.equal(user.bridge.factory.socketsOf('alice').length, 1);
});

test('440 connection replaced: reported, credentials kept, no reconnect that would fight the other client', async (t) => {
  const user = await linkedUser(t);
  const frame = await closeWith(user, 440);
  assert.equal(frame.status, 'replaced');
  assert.notEqual(await user.storedCreds(), null);
  t.mock.timers.tick(10 * 60_000);
  assert.equal((await user.host.sync()).status, 'replaced');
  assert.equal(user.bridge.factory.socketsOf('alice').length, 1);
});

test('500 bad session: backs off twice, then on the third close erases the credentials and relinks with a fresh QR', async (t) => {
  const user = await linkedUser(t);
  let socket = user.socket;
  for (const delayMs of [5_000, 10_000]) {
    const frame = await closeWith({ socket, host: user.host }, 500);
    assert.deepEqual([frame.status, frame.last_disconnect.action], ['reconnecting', 'reconnect']);
    t.mock.timers.tick(delayMs - 1);
    assert.equal(user.session.status, 'reconnecting', 'not before the delay');
    socket = await advance(t, user, 1);
  }
  const third = await closeWith({ socket, host: user.host }, 500);
  assert.equal(third.last_disconnect.action, 'relink');
  assert.equal(await user.storedCreds(), null);
  const fresh = await advance(t, user, 1_000);
  assert.equal(fresh.auth.creds.me, undefined, 'new login state');
  fresh.showQr('2@fresh');
  assert.equal((await user.host.nextStatus('linking')).qr, '2@fresh');
});

test('the retry counters survive reconnects and reset only when a connection opens', async (t) => {
  const user = await linkedUser(t);
  let socket = user.socket;
  for (const delayMs of [5_000, 10_000]) {
    await closeWith({ socket, host: user.host }, 500);
    socket = await advance(t, user, delayMs);
  }
  socket.open();
  await user.host.nextStatus('connected');
  const afterOpen = await closeWith({ socket, host: user.host }, 500);
  assert.equal(afterOpen.last_disconnect.action, 'reconnect', 'the count started over at the open');
  assert.notEqual(await user.storedCreds(), null);
});

test('405 three times within 30 s: credentials erased and a fresh link', async (t) => {
  const user = await linkedUser(t);
  let socket = user.socket;
  for (const delayMs of [5_000, 10_000]) {
    const frame = await closeWith({ socket, host: user.host }, 405);
    assert.equal(frame.last_disconnect.action, 'reconnect');
    socket = await advance(t, user, delayMs);
  }
  const third = await closeWith({ socket, host: user.host }, 405);
  assert.equal(third.last_disconnect.action, 'relink');
  assert.equal(await user.storedCreds(), null);
  const fresh = await advance(t, user, 1_000);
  assert.equal(fresh.auth.creds.me, undefined);
});

test('any other close (408 timed out) reconnects after the backoff with the credentials kept', async (t) => {
  const user = await linkedUser(t);
  const frame = await closeWith(user, 408);
  assert.deepEqual([frame.status, frame.last_disconnect.action], ['reconnecting', 'reconnect']);
  t.mock.timers.tick(4_999);
  assert.equal(user.session.status, 'reconnecting');
  const next = await advance(t, user, 1);
  assert.equal(next.auth.creds.me.id, user.socket.auth.creds.me.id);
});

test('a socket the bridge ended itself (stop) does not reconnect', async (t) => {
  const user = await linkedUser(t);
  user.bridge.bridge.sessions.stop('alice');
  assert.equal((await user.host.nextStatus('disconnected')).status, 'disconnected');
  assert.ok(user.socket.ended);
  t.mock.timers.tick(10 * 60_000);
  assert.equal(user.bridge.factory.socketsOf('alice').length, 1);
  assert.equal((await user.host.sync()).status, 'disconnected');
});
