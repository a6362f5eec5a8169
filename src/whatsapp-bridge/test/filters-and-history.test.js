// The user's provider settings filter what reaches the host; group messages are kept for
// POST /sessions/{userId}/fetch-messages whatever the filters say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupMessage, nowInSeconds, startTestBridge, textMessage } from '../test-support/bridge-harness.js';

async function connected(bridge, config, userId = 'alice') {
  const socket = await bridge.initialize(userId, config);
  const host = await bridge.connectHost(userId);
  socket.open();
  await host.nextStatus('connected');
  return { socket, host };
}

const ids = (messages) => messages.map((message) => message.id);

test('by default group messages and messages older than the open are not sent to the host nor kept in the outbox', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, undefined);
  socket.receive([
    groupMessage('G1', 'group'),
    textMessage('OLD', 'sent while offline', { timestamp: nowInSeconds() - 3_600 }),
    textMessage('M1', 'live'),
  ]);
  assert.deepEqual(ids((await host.nextMessages()).messages), ['M1']);
  const outbox = await bridge.bridge.outbox.forUser('alice');
  assert.deepEqual(outbox.list().map((message) => message.id), ['M1']);
  assert.deepEqual(bridge.factory.socketsOf('alice')[0].groupMetadataCalls, [], 'a filtered group costs no look-up');
});

test('allow_group_messages and process_offline_messages let them through', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, { allow_group_messages: true, process_offline_messages: true });
  socket.receive([groupMessage('G1', 'group'), textMessage('OLD', 'offline', { timestamp: nowInSeconds() - 3_600 })]);
  assert.deepEqual(ids((await host.nextMessages()).messages), ['G1', 'OLD']);
});

test('settings sent with a later initialize replace the earlier ones', async (t) => {
  const bridge = await startTestBridge(t);
  await connected(bridge, { allow_group_messages: true });
  const { socket, host } = await connected(bridge, { allow_group_messages: false });
  socket.receive([groupMessage('G1', 'group'), textMessage('M1', 'direct')]);
  assert.deepEqual(ids((await host.nextMessages()).messages), ['M1']);
});

test('fetch-messages: the group\'s stored messages, oldest first, converted with groups allowed and offline on', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, undefined);
  const now = nowInSeconds();
  socket.ev.emit('messaging-history.set', {
    chats: [],
    contacts: [],
    // History sync comes newest first; a message without body is not kept.
    messages: [
      groupMessage('H2', 'second', { timestamp: now - 100 }),
      { key: { id: 'STUB', remoteJid: '1@g.us', participant: 'x@lid' }, messageStubType: 20, messageTimestamp: now - 50 },
      groupMessage('H1', 'first', { timestamp: now - 200 }),
      textMessage('D1', 'direct chats are not kept', { timestamp: now - 150 }),
    ],
  });
  const image = groupMessage('L2', '', { timestamp: now + 1 });
  image.message = { imageMessage: { jpegThumbnail: Buffer.alloc(5_000), caption: 'x' } };
  socket.receive([groupMessage('L1', 'live'), textMessage('M1', 'direct live'), image]);
  await host.nextMessages();

  const all = await bridge.request('POST', '/sessions/alice/fetch-messages', { groupId: '1@g.us' });
  assert.equal(all.status, 200);
  assert.deepEqual(ids(all.body.messages), ['H1', 'H2', 'L1', 'L2']);
  assert.deepEqual(all.body.messages.map((message) => message.type), ['append', 'append', 'notify', 'notify']);
  assert.equal(all.body.messages[3].text, '[User sent a non-text message: imageMessage]', 'stored without its media, converted the same');
  assert.equal(all.body.messages[0].group_name, 'Family');
  assert.equal(all.body.messages[0].sender_phone_jid, '4915122222222@s.whatsapp.net');

  const last = await bridge.request('POST', '/sessions/alice/fetch-messages', { groupId: '1@g.us', limit: 2 });
  assert.deepEqual(ids(last.body.messages), ['L1', 'L2']);
  const unknown = await bridge.request('POST', '/sessions/alice/fetch-messages', { groupId: '8@g.us' });
  assert.deepEqual(unknown, { status: 200, body: { messages: [] } });
});

test('fetch-messages: 400 without a group id or with a bad limit, 404 without a connected session', async (t) => {
  const bridge = await startTestBridge(t);
  await connected(bridge, undefined);
  const ask = (body, user = 'alice') => bridge.request('POST', `/sessions/${user}/fetch-messages`, body);
  assert.equal((await ask({})).status, 400);
  assert.equal((await ask({ groupId: '4915111111111@s.whatsapp.net' })).status, 400);
  for (const limit of [0, 1001, 2.5, '10']) assert.equal((await ask({ groupId: '1@g.us', limit })).status, 400, `limit ${limit}`);
  assert.equal((await ask({ groupId: '1@g.us', limit: 1000 })).status, 200);
  assert.deepEqual(await ask({ groupId: '1@g.us' }, 'nobody'), { status: 404, body: { error: 'no connected session', status: 'disconnected' } });
});

test('the store keeps the newest 1,000 messages per group', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket } = await connected(bridge, undefined);
  const start = nowInSeconds() - 5_000;
  // Newest first, as history sync delivers them.
  const history = Array.from({ length: 1_200 }, (_, i) => groupMessage(`H${1_199 - i}`, 'x', { timestamp: start + 1_199 - i }));
  socket.ev.emit('messaging-history.set', { chats: [], contacts: [], messages: history });
  const { body } = await bridge.request('POST', '/sessions/alice/fetch-messages', { groupId: '1@g.us', limit: 1_000 });
  assert.equal(body.messages.length, 1_000);
  assert.equal(body.messages[0].id, 'H200');
  assert.equal(body.messages.at(-1).id, 'H1199');
});

test('before the first open, "offline" means older than the bridge process', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  socket.receive([textMessage('OLD', 'from before the start', { timestamp: nowInSeconds() - 3_600 }), textMessage('M1', 'new')]);
  assert.deepEqual(ids((await host.nextMessages()).messages), ['M1']);
});
