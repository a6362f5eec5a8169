// The LID <-> phone map: learned from events, stored as Baileys' lid-mapping keys in the user's
// encrypted credential file, loaded on the next start, erased with the login.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LidMap } from '../src/lid-map.js';
import { startTestBridge, textMessage } from '../test-support/bridge-harness.js';

test('LidMap: pairs in either order, device suffixes ignored, Baileys\' stored format read and written', async () => {
  const written = [];
  const map = new LidMap();
  map.reset({ 4915111111111: '300', '300_reverse': '4915111111111' }, async (entries) => written.push(entries));
  assert.equal(map.phoneOf('300:5@lid'), '4915111111111@s.whatsapp.net');
  assert.equal(map.lidOf('4915111111111:2@s.whatsapp.net'), '300@lid');
  assert.equal(await map.learn([{ lid: '4915122222222@s.whatsapp.net', phone: '400@lid' }]), 1);
  assert.equal(map.counterpart('400@lid'), '4915122222222@s.whatsapp.net');
  assert.equal(await map.learn([{ lid: '400@lid', phone: '4915122222222@s.whatsapp.net' }, { lid: 'x@g.us', phone: 'y' }]), 0, 'known and invalid pairs are not stored');
  assert.deepEqual(written, [{ 4915122222222: '400', '400_reverse': '4915122222222' }]);
  // A phone number that got a new LID: the old LID no longer points to it.
  await map.learn([{ lid: '401@lid', phone: '4915122222222@s.whatsapp.net' }]);
  assert.equal(map.phoneOf('400@lid'), null);
  assert.equal(map.lidOf('4915122222222@s.whatsapp.net'), '401@lid');
});

test('pairs from lid-mapping.update survive a bridge restart and are erased with the credentials', async (t) => {
  const first = await startTestBridge(t);
  const socket = await first.initialize('alice');
  socket.open();
  socket.ev.emit('lid-mapping.update', { lid: '300@lid', pn: '4915111111111@s.whatsapp.net' });
  const session = first.bridge.sessions.get('alice');
  assert.equal(session.messaging.lidMap.phoneOf('300@lid'), '4915111111111@s.whatsapp.net');
  const stored = await first.bridge.credentialStore.load('alice');
  assert.deepEqual(stored.keys['lid-mapping'], {
    4915100000000: '100000000000001', '100000000000001_reverse': '4915100000000', // our own, from the open
    4915111111111: '300', '300_reverse': '4915111111111',
  });
  await first.stop();

  const second = await startTestBridge(t, { dataDir: first.dataDir });
  const again = await second.initialize('alice');
  const host = await second.connectHost('alice');
  again.open();
  await host.nextStatus('connected');
  again.receive([textMessage('M1', 'by lid', { chat: '300@lid' })]);
  const [message] = (await host.nextMessages()).messages;
  assert.equal(message.correspondent_id, '4915111111111@s.whatsapp.net');

  assert.equal((await second.request('DELETE', '/sessions/alice')).status, 200);
  assert.equal(await second.bridge.credentialStore.load('alice'), null);
});

test('pairs from history contacts, history mappings and group participants are learned', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  socket.open();
  socket.ev.emit('messaging-history.set', {
    chats: [],
    contacts: [{ id: '4915133333333@s.whatsapp.net', lid: '500@lid', notify: 'Dave' }],
    messages: [],
    lidPnMappings: [{ lid: '600@lid', pn: '4915166666666@s.whatsapp.net' }],
  });
  socket.ev.emit('groups.upsert', [{ id: '9@g.us', subject: 'Club', participants: [{ id: '700@lid', phoneNumber: '4915177777777@s.whatsapp.net' }] }]);
  await new Promise((resolve) => setImmediate(resolve));
  const { lidMap, contacts } = bridge.bridge.sessions.get('alice').messaging;
  assert.equal(lidMap.phoneOf('500@lid'), '4915133333333@s.whatsapp.net');
  assert.equal(lidMap.phoneOf('600@lid'), '4915166666666@s.whatsapp.net');
  assert.equal(lidMap.phoneOf('700@lid'), '4915177777777@s.whatsapp.net');
  assert.equal(contacts.pushNameOf('500@lid'), 'Dave');
});

test('when WhatsApp logs the account out, what was learned with the login is forgotten', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice', { allow_group_messages: true });
  const host = await bridge.connectHost('alice');
  socket.open();
  socket.ev.emit('lid-mapping.update', { lid: '300@lid', pn: '4915111111111@s.whatsapp.net' });
  socket.receive([textMessage('M1', 'hi', { chat: '300@lid' })]);
  await host.nextMessages();
  const { messaging } = bridge.bridge.sessions.get('alice');
  assert.equal(messaging.contacts.pushNameOf('300@lid'), 'Alice');
  socket.close(401);
  await host.nextStatus('logged_out');
  assert.equal(messaging.lidMap.size, 0);
  assert.equal(messaging.contacts.pushNameOf('300@lid'), null);
  assert.equal(await bridge.bridge.credentialStore.load('alice'), null);
});
