// spec/09 §7: a QR nobody is watching (no heartbeat for 5 s) ends the link; linked accounts are never
// touched by this rule, even while reconnecting (spec/14 item 24).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBridge } from '../test-support/bridge-harness.js';

test('a QR without heartbeats for more than 5 s is abandoned; heartbeats keep it alive', async (t) => {
  const bridge = await startTestBridge(t);
  const { sessions } = bridge.bridge;
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  t.mock.timers.enable({ apis: ['Date'] });
  socket.showQr('2@qr');
  await host.nextStatus('linking');

  t.mock.timers.tick(4_000);
  host.send({ action: 'heartbeat' });
  await host.sync();
  t.mock.timers.tick(4_000);
  sessions.checkAbandonedLinks();
  assert.equal(sessions.get('alice').status, 'linking', 'the heartbeat 4 s ago keeps it');

  t.mock.timers.tick(1_001);
  sessions.checkAbandonedLinks();
  const frame = await host.nextStatus('disconnected');
  assert.equal(frame.qr, null);
  assert.ok(socket.ended);
});

test('a linked account that is reconnecting is not treated as an abandoned link', async (t) => {
  const bridge = await startTestBridge(t);
  const { sessions } = bridge.bridge;
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  socket.open();
  await host.nextStatus('connected');
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'] });
  socket.close(408);
  await host.nextStatus('reconnecting');
  t.mock.timers.tick(4_000);
  sessions.checkAbandonedLinks();
  assert.equal(sessions.get('alice').status, 'reconnecting');
});
