import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBridge } from '../test-support/bridge-harness.js';

test('a QR from WhatsApp reaches the host as status "linking" with the raw QR text', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  assert.equal((await host.nextStatus()).status, 'connecting');

  socket.showQr('2@abcdefQRpayload');
  const linking = await host.nextStatus('linking');
  assert.equal(linking.qr, '2@abcdefQRpayload', 'the host renders the image itself');

  const status = await bridge.request('GET', '/sessions/alice/status');
  assert.equal(status.status, 200);
  assert.equal(status.body.status, 'linking');
  assert.equal(status.body.qr, linking.qr);
});

test('after the scan the host sees "connected" with the own JID without device, and the QR is gone', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  socket.showQr('2@abcdefQRpayload');
  await host.nextStatus('linking');

  socket.open('4915100000000:7@s.whatsapp.net');
  const connected = await host.nextStatus('connected');
  assert.equal(connected.user_jid, '4915100000000@s.whatsapp.net');
  assert.equal(connected.qr, null);
});

test('updates without a connection state (QR only, notifications) do not overwrite the status', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  socket.open();
  await host.nextStatus('connected');
  socket.ev.emit('connection.update', { receivedPendingNotifications: true });
  assert.equal((await host.sync()).status, 'connected');
});

test('the host status of a user without a session is "disconnected"', async (t) => {
  const bridge = await startTestBridge(t);
  const host = await bridge.connectHost('nobody');
  assert.equal((await host.nextStatus()).status, 'disconnected');
  assert.equal((await bridge.request('GET', '/sessions/nobody/status')).status, 404);
});
