// Inbound messages stay in the bridge's outbox until the host acknowledges them (README: "Ack flow").
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { startTestBridge, textMessage } from '../test-support/bridge-harness.js';

const ids = (frame) => frame.messages.map((message) => message.id);

async function connectedUser(bridge, userId) {
  const socket = await bridge.initialize(userId);
  socket.open();
  return socket;
}

// The outbox keeps a message in the file once added; wait for the session to have stored all of them.
async function received(bridge, userId, socket, messages) {
  const outbox = await bridge.bridge.outbox.forUser(userId);
  const stored = new Promise((resolve) => {
    const session = bridge.bridge.sessions.get(userId);
    session.once('messages', resolve);
  });
  socket.receive(messages);
  await stored;
  return outbox;
}

test('a message received while the host is connected is pushed at once and kept until acknowledged', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await connectedUser(bridge, 'alice');
  const host = await bridge.connectHost('alice');
  const sent = textMessage('M1', 'hello');
  socket.receive([sent]);
  const frame = await host.nextMessages();
  assert.equal(frame.messages[0].id, 'M1');
  assert.equal(frame.messages[0].text, 'hello');
  assert.equal(frame.messages[0].originating_time, sent.messageTimestamp * 1000);
  const outbox = await bridge.bridge.outbox.forUser('alice');
  assert.deepEqual(outbox.list().map((message) => message.id), ['M1']);
  host.send({ action: 'ack', ids: ['M1'] });
  await host.sync();
  assert.deepEqual(outbox.list(), []);
});

test('messages buffered while the host is away arrive when it reconnects, and each is acknowledged once', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await connectedUser(bridge, 'alice');
  const outbox = await received(bridge, 'alice', socket, [textMessage('M1', 'one'), textMessage('M2', 'two'), textMessage('M3', 'three')]);

  const first = await bridge.connectHost('alice');
  assert.deepEqual(ids(await first.nextMessages()), ['M1', 'M2', 'M3']);
  // The host archived M1 and M2 and went away before acknowledging M3.
  first.send({ action: 'ack', ids: ['M1', 'M2'] });
  await first.sync();
  await first.close();

  const second = await bridge.connectHost('alice');
  assert.deepEqual(ids(await second.nextMessages()), ['M3']);
  second.send({ action: 'ack', ids: ['M3', 'M1'] }); // a repeated ack is ignored
  await second.sync();
  await second.close();

  const third = await bridge.connectHost('alice');
  await third.sync();
  assert.equal(third.frames.filter((frame) => frame.type === 'messages').length, 0, 'nothing left to deliver');
  assert.deepEqual(outbox.list(), []);

  const lines = (await readFile(outbox.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(lines.filter((line) => line.ack).map((line) => line.ack), ['M1', 'M2', 'M3'], 'one ack line per message');
});

test('the backlog survives a bridge restart: unacknowledged messages reach the host of the new process', async (t) => {
  const first = await startTestBridge(t);
  const socket = await connectedUser(first, 'alice');
  await received(first, 'alice', socket, [textMessage('M1', 'one'), textMessage('M2', 'two')]);
  const host = await first.connectHost('alice');
  await host.nextMessages();
  host.send({ action: 'ack', ids: ['M1'] });
  await host.sync();
  await first.stop();

  const second = await startTestBridge(t, { dataDir: first.dataDir });
  const newHost = await second.connectHost('alice');
  assert.deepEqual(ids(await newHost.nextMessages()), ['M2']);
});

test('a newer host connection replaces the older one, and the older one closing does not unregister it', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await connectedUser(bridge, 'alice');
  const older = await bridge.connectHost('alice');
  const newer = await bridge.connectHost('alice');
  assert.equal(await older.closed, 4000);
  socket.receive([textMessage('M1', 'after the race')]);
  assert.deepEqual(ids(await newer.nextMessages()), ['M1']);
});

test('stubs, revokes and a message id seen before are not delivered again', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await connectedUser(bridge, 'alice');
  const host = await bridge.connectHost('alice');
  socket.receive([
    { key: { id: 'STUB', remoteJid: 'x@s.whatsapp.net' }, messageStubType: 1 },
    { key: { id: 'REVOKE', remoteJid: 'x@s.whatsapp.net' }, message: { protocolMessage: { type: 0 } } },
    textMessage('M1', 'real'),
  ]);
  assert.deepEqual(ids(await host.nextMessages()), ['M1']);
  socket.receive([textMessage('M1', 'real'), textMessage('M2', 'next')]);
  assert.deepEqual(ids(await host.nextMessages()), ['M2']);
});

test('a batch goes into the outbox file at once, without ids already pending or repeated in the batch', async (t) => {
  const bridge = await startTestBridge(t);
  const outbox = await bridge.bridge.outbox.forUser('alice');
  await outbox.add({ id: 'M1', text: 'one' });
  const added = await outbox.addAll([{ id: 'M1', text: 'again' }, { id: 'M2', text: 'two' }, { id: 'M3', text: 'three' }, { id: 'M2', text: 'twice' }]);
  assert.deepEqual(added.map((message) => message.id), ['M2', 'M3']);
  const lines = (await readFile(outbox.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(lines.map((line) => line.add.id), ['M1', 'M2', 'M3']);
  assert.equal(lines[1].add.text, 'two');
});
