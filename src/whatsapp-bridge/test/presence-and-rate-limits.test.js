import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providerSettings } from '../src/provider-settings.js';
import { rateLimitOf } from '../src/rate-limit.js';
import { startTestBridge } from '../test-support/bridge-harness.js';

async function connected(t) {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  socket.open();
  await host.nextStatus('connected');
  return { bridge, socket };
}

test('presence: composing and paused go out on the socket with the recipient resolved as for /send', async (t) => {
  const { bridge, socket } = await connected(t);
  assert.deepEqual(await bridge.request('POST', '/sessions/alice/presence', { recipient: '+49 151 222', presence: 'composing' }), { status: 200, body: { status: 'ok' } });
  assert.equal((await bridge.request('POST', '/sessions/alice/presence', { recipient: '123@lid', presence: 'paused' })).status, 200);
  assert.deepEqual(socket.presences, [{ jid: '49151222@s.whatsapp.net', presence: 'composing' }, { jid: '123@lid', presence: 'paused' }]);

  assert.equal((await bridge.request('POST', '/sessions/alice/presence', { recipient: '1@s.whatsapp.net', presence: 'available' })).status, 400);
  assert.equal((await bridge.request('POST', '/sessions/alice/presence', { presence: 'paused' })).status, 400);
  const notConnected = await bridge.request('POST', '/sessions/nobody/presence', { recipient: '1@s.whatsapp.net', presence: 'paused' });
  assert.deepEqual(notConnected, { status: 404, body: { error: 'no connected session', status: 'disconnected' } });
});

test("WhatsApp's rate-overlimit on a send is passed on as 429; the next send goes through", async (t) => {
  const { bridge, socket } = await connected(t);
  socket.limits.rateLimitedSends = 1;
  const response = await fetch(`http://${bridge.origin}/sessions/alice/send`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-secret-0123456789abcdef', 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: '1@s.whatsapp.net', message: 'hi' }),
  });
  assert.equal(response.status, 429);
  assert.deepEqual(await response.json(), { error: 'rate limited', retry_after_seconds: null });
  assert.equal(response.headers.get('retry-after'), null, 'no header when WhatsApp does not say');
  assert.equal((await bridge.request('POST', '/sessions/alice/send', { recipient: '1@s.whatsapp.net', message: 'hi' })).status, 200);
});

test('a known wait is passed on as retry_after_seconds and Retry-After; other send failures keep their answer', async (t) => {
  const { bridge, socket } = await connected(t);
  socket.sendMessage = async () => {
    throw Object.assign(new Error('rate-overlimit'), { data: 429, retryAfterSeconds: 7.2 });
  };
  const response = await fetch(`http://${bridge.origin}/sessions/alice/send`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-secret-0123456789abcdef' },
    body: JSON.stringify({ recipient: '1@s.whatsapp.net', message: 'hi' }),
  });
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('retry-after'), '8');
  assert.equal((await response.json()).retry_after_seconds, 8);

  socket.sendMessage = async () => {
    throw new Error('Connection Closed');
  };
  assert.deepEqual(await bridge.request('POST', '/sessions/alice/send', { recipient: '1@s.whatsapp.net', message: 'hi' }), { status: 500, body: { error: 'Connection Closed' } });
});

test('rate limits are recognised by data 429, status 429 or the rate-overlimit text, nothing else', () => {
  assert.ok(rateLimitOf(Object.assign(new Error('x'), { data: 429 })));
  assert.ok(rateLimitOf(Object.assign(new Error('x'), { output: { statusCode: 429 } })));
  assert.ok(rateLimitOf(Object.assign(new Error('x'), { statusCode: 429 })));
  assert.ok(rateLimitOf(new Error('rate-overlimit')));
  assert.equal(rateLimitOf(Object.assign(new Error('not-authorized'), { data: 401 })), null);
  assert.equal(rateLimitOf(undefined), null);
});

test('initialize keeps the provider config (defaults when missing) and passes sync_full_history to the socket', async (t) => {
  const bridge = await startTestBridge(t);
  let created = bridge.factory.nextSocket('alice');
  const response = await bridge.request('POST', '/initialize', { userId: 'alice', config: { allow_group_messages: true, sync_full_history: true, extra: 'kept' } });
  assert.equal(response.status, 200);
  assert.deepEqual((await created).options, { syncFullHistory: true });
  const { config } = bridge.bridge.sessions.get('alice');
  assert.deepEqual(config, { allow_group_messages: true, sync_full_history: true, extra: 'kept' });
  assert.deepEqual(providerSettings(config), { allow_group_messages: true, process_offline_messages: false, sync_full_history: true });

  created = bridge.factory.nextSocket('alice');
  await bridge.request('POST', '/initialize', { userId: 'alice' });
  assert.deepEqual((await created).options, { syncFullHistory: true }, 'no config: the defaults (spec/01: full history on)');
  assert.equal(providerSettings(bridge.bridge.sessions.get('alice').config).allow_group_messages, false, 'no config: the defaults');
  assert.equal((await bridge.request('POST', '/initialize', { userId: 'alice', config: 'yes' })).status, 400);
});
