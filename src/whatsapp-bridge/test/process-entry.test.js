// src/main.js as the host runs it: a child with BRIDGE_PORT=0 that reports its port on stdout and ends
// with its parent. Its Baileys sockets are never opened here (no user is initialized).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { settingsFromEnvironment } from '../src/bridge-process.js';
import { CREDENTIAL_KEY, newDataDir } from '../test-support/bridge-harness.js';
import { spawnFakeBridge } from '../test-support/fake-bridge-process.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

test('main.js: the listening line with the free port, no /fake/ routes, gone when stdin closes', async (t) => {
  const bridge = await spawnFakeBridge(t, { entry: MAIN, dataDir: await newDataDir(), env: { BRIDGE_EXIT_WITH_PARENT: '1' } });
  assert.match(bridge.firstLine, /^\{"event":"listening","port":\d+\}$/);
  assert.equal((await bridge.request('GET', '/health')).status, 200);
  assert.equal((await bridge.request('GET', '/fake/stats')).status, 404, 'the control routes are the fake bridge\'s only');
  bridge.child.stdin.end();
  assert.equal((await bridge.exited)[0], 0);
});

test('BRIDGE_PORT: 0 is a free port; anything but a port number is refused', () => {
  const env = { BRIDGE_SECRET: 'x'.repeat(16), BRIDGE_CREDENTIALS_KEY: CREDENTIAL_KEY.toString('base64') };
  assert.equal(settingsFromEnvironment({ ...env, BRIDGE_PORT: '0' }, []).port, 0);
  assert.equal(settingsFromEnvironment(env, []).port, 9000);
  assert.equal(settingsFromEnvironment({ ...env, BRIDGE_EXIT_WITH_PARENT: '1' }, []).exitWithParent, true);
  for (const port of ['', 'abc', '-1', '70000', '1.5']) {
    assert.throws(() => settingsFromEnvironment({ ...env, BRIDGE_PORT: port }, []), /BRIDGE_PORT/);
  }
});
