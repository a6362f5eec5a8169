import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestBridge } from '../test-support/bridge-harness.js';

test('send: text and document go out on the user\'s socket; phone numbers are looked up, @lid used as is', async (t) => {
  const bridge = await startTestBridge(t);
  const socket = await bridge.initialize('alice');
  const host = await bridge.connectHost('alice');
  socket.open();
  await host.nextStatus('connected');

  const text = await bridge.request('POST', '/sessions/alice/send', { recipient: '+49 151 222', message: 'hi' });
  assert.deepEqual(text, { status: 200, body: { status: 'sent', recipient: '49151222@s.whatsapp.net', message: 'hi', provider_message_id: 'SENT1' } });
  const document = await bridge.request('POST', '/sessions/alice/send', {
    recipient: '123@lid', type: 'document', content: Buffer.from('BEGIN:VCALENDAR').toString('base64'), fileName: 'a.ics', mimetype: 'text/calendar',
  });
  assert.equal(document.body.message, '[Document]');
  assert.equal(socket.sent[1].jid, '123@lid');
  assert.equal(socket.sent[1].content.document.toString(), 'BEGIN:VCALENDAR');

  assert.equal((await bridge.request('POST', '/sessions/alice/send', { recipient: '1@s.whatsapp.net' })).status, 400);
  assert.equal((await bridge.request('POST', '/sessions/nobody/send', { recipient: '1@s.whatsapp.net', message: 'x' })).status, 404);
});
