// Runs test-support/fake-main.js (or another entry point, e.g. src/main.js) as a child process, as the
// host does: BRIDGE_PORT=0, the port read from the "listening" line on stdout.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CREDENTIAL_KEY, HostClient, SECRET } from './bridge-harness.js';

const FAKE_MAIN = fileURLToPath(new URL('./fake-main.js', import.meta.url));

export async function spawnFakeBridge(t, { dataDir, env = {}, entry = FAKE_MAIN }) {
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      BRIDGE_PORT: '0',
      BRIDGE_SECRET: SECRET,
      BRIDGE_CREDENTIALS_KEY: CREDENTIAL_KEY.toString('base64'),
      BRIDGE_DATA_DIR: dataDir,
      BRIDGE_LOG_LEVEL: process.env.BRIDGE_TEST_LOG ?? 'warn',
      // If the test process dies, the child goes too instead of holding the test runner's pipes open.
      BRIDGE_EXIT_WITH_PARENT: '1',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.pipe(process.stderr);
  const exited = once(child, 'exit');
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([once(lines, 'line'), exited.then(([code]) => Promise.reject(new Error(`fake bridge exited with ${code}`)))]);
  const { event, port } = JSON.parse(first);
  if (event !== 'listening') throw new Error(`unexpected first line ${first}`);
  const origin = `127.0.0.1:${port}`;
  return {
    child,
    port,
    exited,
    firstLine: first,
    async request(method, path, body) {
      const response = await fetch(`http://${origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    connectHost(userId) {
      return HostClient.connect(`ws://${origin}/sessions/${encodeURIComponent(userId)}/events`);
    },
  };
}
