// The message object the host receives (README: "The message object"): identities across LID and phone
// addressing, names, own messages, groups.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupMessage, startTestBridge, textMessage } from '../test-support/bridge-harness.js';

const OWN = '4915100000000@s.whatsapp.net';
const OWN_LID = '100000000000001@lid';
const ALICE = '4915111111111@s.whatsapp.net';
const ALICE_LID = '300000000000003@lid';

async function connected(bridge, userId, config) {
  const socket = await bridge.initialize(userId, config);
  const host = await bridge.connectHost(userId);
  socket.open();
  await host.nextStatus('connected');
  return { socket, host };
}

async function deliver(host, socket, messages, type) {
  socket.receive(messages, type);
  return (await host.nextMessages()).messages;
}

test('a direct message by LID: correspondent and sender phone from Baileys\' alternative, every key present', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  const raw = { ...textMessage('M1', 'hello', { chat: ALICE_LID }) };
  raw.key = { ...raw.key, remoteJidAlt: ALICE, addressingMode: 'lid' };
  const [message] = await deliver(host, socket, [raw]);
  assert.deepEqual(message, {
    id: 'M1',
    chat_id: ALICE_LID,
    correspondent_id: ALICE,
    sender_id: ALICE_LID,
    sender_phone_jid: ALICE,
    sender_lid: ALICE_LID,
    from_me: false,
    is_group: false,
    group_name: null,
    display_name: 'Alice',
    text: 'hello',
    originating_time: raw.messageTimestamp * 1000,
    recipient_id: OWN,
    alternate_identifiers: [ALICE_LID, ALICE, 'Alice'],
    quoted_text: null,
    type: 'notify',
  });
});

test('the correspondent stays the phone JID when WhatsApp switches the chat to LID addressing', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  const byPhone = textMessage('M1', 'by phone', { chat: ALICE });
  byPhone.key.remoteJidAlt = ALICE_LID;
  const [first] = await deliver(host, socket, [byPhone]);
  assert.equal(first.correspondent_id, ALICE);
  assert.equal(first.sender_lid, ALICE_LID);

  // Later: the same person by LID, without an alternative in the key; the map knows the pair.
  const byLid = textMessage('M2', 'by lid', { chat: ALICE_LID });
  delete byLid.pushName;
  const [second] = await deliver(host, socket, [byLid]);
  assert.equal(second.correspondent_id, ALICE);
  assert.equal(second.sender_phone_jid, ALICE);
  assert.equal(second.display_name, 'Alice', 'the push name cached from the first message');
  assert.ok(second.alternate_identifiers.includes(ALICE));
});

test('a direct chat by LID with no known phone number keeps the LID as correspondent (never a made-up phone JID)', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  const [message] = await deliver(host, socket, [textMessage('M1', 'hi', { chat: '999@lid' })]);
  assert.equal(message.correspondent_id, '999@lid');
  assert.equal(message.sender_phone_jid, null);
  assert.deepEqual(message.alternate_identifiers, ['999@lid', 'Alice']);
});

test('own messages: sender is the account, recipient the chat, alternates carry the own phone JID and LID', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  const known = textMessage('M0', 'learn', { chat: ALICE });
  known.key.remoteJidAlt = ALICE_LID;
  await deliver(host, socket, [known]);

  const own = textMessage('M1', 'sent from the phone', { chat: ALICE_LID });
  own.key.fromMe = true;
  own.pushName = 'Me';
  const [message] = await deliver(host, socket, [own], 'append');
  assert.equal(message.from_me, true);
  assert.equal(message.sender_id, OWN);
  assert.equal(message.sender_phone_jid, OWN);
  assert.equal(message.sender_lid, OWN_LID);
  assert.equal(message.correspondent_id, ALICE);
  assert.equal(message.recipient_id, ALICE);
  assert.equal(message.type, 'append');
  assert.deepEqual(message.alternate_identifiers, [OWN, OWN_LID, 'Me']);
});

test('display name: push name, else cached push name, else the contact name from contacts.upsert', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  socket.ev.emit('contacts.upsert', [{ id: '555@lid', phoneNumber: '4915155555555@s.whatsapp.net', name: 'Carol (address book)' }]);
  const raw = textMessage('M1', 'hi', { chat: '4915155555555@s.whatsapp.net' });
  delete raw.pushName;
  const [message] = await deliver(host, socket, [raw]);
  assert.equal(message.display_name, 'Carol (address book)');
  assert.equal(message.sender_lid, '555@lid', 'the contact\'s LID pair was learned');
  assert.ok(message.alternate_identifiers.includes('555@lid'));
});

test('non-text messages become a placeholder; disappearing-message wrappers are looked through', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  const image = textMessage('M1', '');
  image.message = { imageMessage: { caption: 'x' }, messageContextInfo: {} };
  const ephemeral = textMessage('M2', '');
  ephemeral.message = { ephemeralMessage: { message: { extendedTextMessage: { text: 'vanishing' } } } };
  const messages = await deliver(host, socket, [image, ephemeral]);
  assert.deepEqual(messages.map((message) => message.text), ['[User sent a non-text message: imageMessage]', 'vanishing']);
});

test('a reply carries the first line of the message it quotes; other messages quote nothing', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice');
  const reply = textMessage('M1', '');
  reply.message = { extendedTextMessage: { text: 'ok', contextInfo: { stanzaId: 'N1', quotedMessage: { conversation: `📝 Draft 12 · reply to Dana\n${'x'.repeat(300)}` } } } };
  const long = textMessage('M2', '');
  long.message = { extendedTextMessage: { text: 'sure', contextInfo: { quotedMessage: { extendedTextMessage: { text: 'y'.repeat(300) } } } } };
  const plain = textMessage('M3', 'no quote');
  const messages = await deliver(host, socket, [reply, long, plain]);
  assert.deepEqual(messages.map((message) => [message.text, message.quoted_text]),
    [['ok', '📝 Draft 12 · reply to Dana'], ['sure', 'y'.repeat(200)], ['no quote', null]]);
});

test('a group message (groups allowed): participant as sender, the group\'s name, phone JID from participantAlt', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await connected(bridge, 'alice', { allow_group_messages: true });
  const raw = groupMessage('G1', 'hello group');
  const [message] = await deliver(host, socket, [raw]);
  assert.deepEqual(message, {
    id: 'G1',
    chat_id: '1@g.us',
    correspondent_id: '1@g.us',
    sender_id: '200000000000002@lid',
    sender_phone_jid: '4915122222222@s.whatsapp.net',
    sender_lid: '200000000000002@lid',
    from_me: false,
    is_group: true,
    group_name: 'Family',
    display_name: 'Bob',
    text: 'hello group',
    originating_time: raw.messageTimestamp * 1000,
    recipient_id: OWN,
    alternate_identifiers: ['200000000000002@lid', '4915122222222@s.whatsapp.net', 'Bob'],
    quoted_text: null,
    type: 'notify',
  });
});

test('our own LID is learned from our own group message', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice', { allow_group_messages: true });
  const host = await bridge.connectHost('alice');
  socket.open('4915100000000:7@s.whatsapp.net', null); // Baileys did not tell us the LID
  await host.nextStatus('connected');
  const own = groupMessage('G1', 'mine', { participant: '777:7@lid', participantAlt: undefined, fromMe: true });
  const [message] = await deliver(host, socket, [own]);
  assert.equal(message.sender_id, OWN);
  assert.equal(message.sender_lid, '777@lid');
  assert.equal(bridge.bridge.sessions.get('alice').messaging.lidMap.phoneOf('777@lid'), OWN);
});
