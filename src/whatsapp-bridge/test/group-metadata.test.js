// Group names come from a per-user cache: one look-up per group at a time, an hour of freshness, a
// failed look-up remembered for five minutes (spec/14 item 31: the original looked up every message).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupMetadataCache } from '../src/group-metadata-cache.js';
import { groupMessage, startTestBridge } from '../test-support/bridge-harness.js';

async function groupsAllowed(bridge, userId = 'alice') {
  const socket = await bridge.initialize(userId, { allow_group_messages: true });
  const host = await bridge.connectHost(userId);
  socket.open();
  await host.nextStatus('connected');
  return { socket, host };
}

async function collect(host, count) {
  const messages = [];
  while (messages.length < count) messages.push(...(await host.nextMessages()).messages);
  return messages;
}

test('100 messages in one uncached group cost exactly one groupMetadata look-up', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await groupsAllowed(bridge);
  socket.groups['2@g.us'] = { id: '2@g.us', subject: 'Climbing', participants: [] };
  // Half in one batch, half as separate upserts arriving while the look-up is under way.
  socket.receive(Array.from({ length: 50 }, (_, i) => groupMessage(`A${i}`, 'x', { group: '2@g.us' })));
  for (let i = 0; i < 50; i += 1) socket.receive([groupMessage(`B${i}`, 'x', { group: '2@g.us' })]);
  const messages = await collect(host, 100);
  assert.deepEqual(socket.groupMetadataCalls, ['2@g.us']);
  assert.ok(messages.every((message) => message.group_name === 'Climbing'));
  assert.deepEqual(messages.map((message) => message.id), [...Array.from({ length: 50 }, (_, i) => `A${i}`), ...Array.from({ length: 50 }, (_, i) => `B${i}`)], 'in arrival order');
});

test('groups known from the groups route or group events are not looked up', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await groupsAllowed(bridge);
  const groups = await bridge.request('POST', '/sessions/alice/groups');
  assert.deepEqual(groups.body, { groups: [{ id: '1@g.us', subject: 'Family' }] });
  socket.ev.emit('groups.upsert', [{ id: '3@g.us', subject: 'New group', participants: [] }]);
  socket.ev.emit('groups.update', [{ id: '1@g.us', subject: 'Family (renamed)' }]);
  socket.receive([groupMessage('G1', 'x'), groupMessage('G2', 'y', { group: '3@g.us' })]);
  const messages = await collect(host, 2);
  assert.deepEqual(messages.map((message) => message.group_name), ['Family (renamed)', 'New group']);
  assert.deepEqual(socket.groupMetadataCalls, []);
});

test('a failed look-up gives a null name and is not repeated for the next messages', async (t) => {
  const bridge = await startTestBridge(t);
  const { socket, host } = await groupsAllowed(bridge);
  socket.groupMetadataFailure = Object.assign(new Error('rate-overlimit'), { output: { statusCode: 429 } });
  socket.receive([groupMessage('G1', 'x', { group: '4@g.us' })]);
  socket.receive([groupMessage('G2', 'y', { group: '4@g.us' })]);
  const messages = await collect(host, 2);
  assert.deepEqual(messages.map((message) => message.group_name), [null, null]);
  assert.deepEqual(socket.groupMetadataCalls, ['4@g.us']);
});

test('cache: fresh for an hour, a failure remembered for five minutes, stale data kept over a failure', async () => {
  let now = 0;
  let answer = { id: 'g@g.us', subject: 'One', participants: [] };
  const calls = [];
  const cache = new GroupMetadataCache({
    now: () => now,
    fetch: async (jid) => {
      calls.push(jid);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  assert.equal(cache.peek('g@g.us'), undefined);
  assert.equal(await cache.nameOf('g@g.us'), 'One');
  assert.equal(cache.peek('g@g.us').subject, 'One', 'Baileys\' cachedGroupMetadata sees it');
  now += 59 * 60_000;
  assert.equal(await cache.nameOf('g@g.us'), 'One');
  assert.equal(calls.length, 1);

  now += 2 * 60_000; // past the hour
  answer = new Error('rate-overlimit');
  assert.equal(await cache.nameOf('g@g.us'), 'One', 'the older name over a failed refresh');
  assert.equal(calls.length, 2);
  now += 4 * 60_000;
  await cache.nameOf('g@g.us');
  assert.equal(calls.length, 2, 'no new look-up within five minutes of the failure');
  now += 2 * 60_000;
  answer = { id: 'g@g.us', subject: 'Two', participants: [] };
  assert.equal(await cache.nameOf('g@g.us'), 'Two');
  assert.equal(calls.length, 3);

  const [a, b] = await Promise.all([cache.get('h@g.us'), cache.get('h@g.us')]);
  assert.equal(a, b);
  assert.equal(calls.filter((jid) => jid === 'h@g.us').length, 1, 'concurrent callers share one look-up');
});

test('cache: participant changes are applied to known groups', () => {
  const cache = new GroupMetadataCache({ now: () => 0, fetch: async () => null });
  cache.update({ id: 'g@g.us', subject: 'G', participants: [{ id: 'a@lid' }, { id: 'b@lid' }] });
  cache.participantsChanged({ id: 'g@g.us', action: 'add', participants: [{ id: 'c@lid', phoneNumber: '1@s.whatsapp.net' }] });
  cache.participantsChanged({ id: 'g@g.us', action: 'remove', participants: [{ id: 'a@lid' }] });
  cache.participantsChanged({ id: 'g@g.us', action: 'promote', participants: [{ id: 'b@lid' }] });
  assert.deepEqual(cache.peek('g@g.us').participants, [
    { id: 'b@lid', admin: 'admin', isAdmin: true },
    { id: 'c@lid', phoneNumber: '1@s.whatsapp.net' },
  ]);
  cache.update({ id: 'p@g.us', subject: 'Partial' });
  assert.equal(cache.peek('p@g.us'), undefined, 'Baileys gets only metadata with participants');
});
