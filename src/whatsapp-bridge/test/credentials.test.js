import assert from 'node:assert/strict';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { CredentialStore } from '../src/credential-store.js';
import { startTestBridge } from '../test-support/bridge-harness.js';

async function link(bridge, userId, jid) {
  const socket = await bridge.initialize(userId);
  const host = await bridge.connectHost(userId);
  socket.open(jid);
  await host.nextStatus('connected');
  return socket;
}

test("deleting bob's credentials leaves bob-smith's", async (t) => {
  const bridge = await startTestBridge(t);
  const bob = await link(bridge, 'bob', '111:1@s.whatsapp.net');
  await link(bridge, 'bob-smith', '222:1@s.whatsapp.net');
  const store = bridge.bridge.credentialStore;
  assert.notEqual(await store.load('bob'), null);

  const response = await bridge.request('DELETE', '/sessions/bob');
  assert.deepEqual([response.status, response.body.status], [200, 'logged_out']);
  assert.ok(bob.loggedOut, 'logged out of WhatsApp');
  assert.equal(await store.load('bob'), null);
  assert.equal((await store.load('bob-smith')).creds.me.id, '222:1@s.whatsapp.net');
  assert.equal(bridge.bridge.sessions.get('bob-smith').status, 'connected');
});

test('credentials of a user who is not running are erased by exact id too', async (t) => {
  const bridge = await startTestBridge(t);
  const store = bridge.bridge.credentialStore;
  await store.save('bob', { creds: { me: { id: 'b' } }, keys: {} });
  await store.save('bob-smith', { creds: { me: { id: 'bs' } }, keys: {} });
  await store.save('bo', { creds: { me: { id: 'o' } }, keys: {} });
  assert.equal((await bridge.request('DELETE', '/sessions/bob')).status, 200);
  assert.equal(await store.load('bob'), null);
  assert.equal((await store.load('bob-smith')).creds.me.id, 'bs');
  assert.equal((await store.load('bo')).creds.me.id, 'o');
});

test('credentials are encrypted at rest and survive a bridge restart', async (t) => {
  const first = await startTestBridge(t);
  const socket = await link(first, 'carol', '333:4@s.whatsapp.net');
  await first.bridge.credentialStore.load('carol'); // queued behind the pending writes
  await first.stop();

  const dir = join(first.dataDir, 'credentials');
  const [file] = await readdir(dir);
  const bytes = await readFile(join(dir, file));
  assert.ok(!bytes.includes('333:4@s.whatsapp.net'), 'the JID is not readable in the file');
  assert.ok(!bytes.includes('carol'), 'the user id is not in the file name or content');

  const second = await startTestBridge(t, { dataDir: first.dataDir });
  const again = await second.initialize('carol');
  assert.equal(again.auth.creds.me.id, '333:4@s.whatsapp.net');
  assert.deepEqual(again.auth.creds.noiseKey.private, socket.auth.creds.noiseKey.private);
  assert.ok(Buffer.isBuffer(again.auth.creds.noiseKey.private), 'binary values come back as Buffers');
});

test('signal keys are stored and read back per type and id, and removed when set to null', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await link(bridge, 'dave', '444:1@s.whatsapp.net');
  await socket.auth.keys.set({ 'pre-key': { 1: { public: Buffer.from([1, 2]) }, 2: { public: Buffer.from([3]) } } });
  await socket.auth.keys.set({ 'pre-key': { 1: null } });
  assert.deepEqual(Object.keys(await socket.auth.keys.get('pre-key', ['1', '2'])), ['2']);
  const stored = await bridge.bridge.credentialStore.load('dave');
  assert.deepEqual(stored.keys['pre-key']['2'].public, Buffer.from([3]));
});

test('a credential file does not decrypt with another key or under another user id', async (t) => {
  const bridge = await startTestBridge(t);
  const store = bridge.bridge.credentialStore;
  await store.save('erin', { creds: { me: { id: 'e' } }, keys: {} });
  const otherKey = new CredentialStore({ dir: store.dir, key: Buffer.alloc(32, 9) });
  await assert.rejects(otherKey.load('erin'));
  await copyFile(store.fileOf('erin'), store.fileOf('mallory'));
  await assert.rejects(store.load('mallory'), 'the user id is authenticated with the data');
});
