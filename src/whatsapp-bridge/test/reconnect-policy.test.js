import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReconnectPolicy } from '../src/reconnect-policy.js';

test('other closes back off 5, 10, 20, 40 s, capped at 60 s, and start over after an open', () => {
  const policy = new ReconnectPolicy({ now: () => 0 });
  assert.deepEqual([408, 428, 503, 408, 408, 408].map((code) => policy.decide(code).delayMs), [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  policy.onOpen();
  assert.equal(policy.decide(408).delayMs, 5_000);
});

test('three 405s escalate only within 30 s', () => {
  let now = 0;
  const policy = new ReconnectPolicy({ now: () => now });
  assert.equal(policy.decide(405).action, 'reconnect');
  now = 20_000;
  assert.equal(policy.decide(405).action, 'reconnect');
  now = 31_000; // the first one has left the window
  assert.equal(policy.decide(405).action, 'reconnect');
  now = 40_000;
  assert.equal(policy.decide(405).action, 'relink');
});

test('bad session escalates on the third close and the count starts over after the relink', () => {
  const policy = new ReconnectPolicy({ now: () => 0 });
  assert.deepEqual([500, 500, 500].map((code) => policy.decide(code).action), ['reconnect', 'reconnect', 'relink']);
  assert.equal(policy.decide(500).action, 'reconnect');
});
