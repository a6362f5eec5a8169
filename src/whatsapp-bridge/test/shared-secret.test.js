import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBridge } from '../src/bridge.js';
import { FakeSocketFactory } from '../src/fake-socket-factory.js';
import { createLogger } from '../src/log.js';
import { CREDENTIAL_KEY, newDataDir, startTestBridge } from '../test-support/bridge-harness.js';

test('HTTP requests without the secret or with a wrong one are refused with 401', async (t) => {
  const bridge = await startTestBridge(t);
  for (const [method, path, body] of [
    ['GET', '/health'],
    ['POST', '/initialize', { userId: 'alice' }],
    ['GET', '/sessions/alice/status'],
    ['POST', '/sessions/alice/send', { recipient: '1@s.whatsapp.net', message: 'hi' }],
    ['DELETE', '/sessions/alice'],
  ]) {
    assert.equal((await bridge.request(method, path, body, { secret: null })).status, 401, `${method} ${path} without secret`);
    assert.equal((await bridge.request(method, path, body, { secret: 'wrong-secret-0123456789' })).status, 401, `${method} ${path} wrong secret`);
  }
  assert.equal(bridge.factory.sockets.length, 0, 'a refused initialize created no WhatsApp socket');
  assert.equal((await bridge.request('GET', '/health')).status, 200);
});

test('a WebSocket upgrade without the secret is refused with 401', async (t) => {
  const bridge = await startTestBridge(t);
  await assert.rejects(bridge.connectHost('alice', { secret: null }), { statusCode: 401 });
  await assert.rejects(bridge.connectHost('alice', { secret: 'wrong-secret-0123456789' }), { statusCode: 401 });
  const host = await bridge.connectHost('alice');
  await host.close();
});

test('the bridge listens on loopback by default and will not start without a secret', async (t) => {
  const bridge = await startTestBridge(t);
  assert.equal(bridge.bridge.address.address, '127.0.0.1');
  const dataDir = await newDataDir();
  const settings = { port: 0, dataDir, credentialKey: CREDENTIAL_KEY, socketFactory: new FakeSocketFactory(), logger: createLogger({ level: 'silent' }), watchdog: false };
  await assert.rejects(startBridge({ ...settings, secret: undefined }), /BRIDGE_SECRET/);
  await assert.rejects(startBridge({ ...settings, secret: 'short' }), /BRIDGE_SECRET/);
});
