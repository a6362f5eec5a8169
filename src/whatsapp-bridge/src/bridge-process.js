// Running the bridge as a process, shared by src/main.js (Baileys) and test-support/fake-main.js (fakes):
// settings from the environment, the "listening" line on stdout for a parent process, and shutdown on
// signals or, when asked, when the parent goes away.
import { startBridge } from './bridge.js';
import { credentialKeyFromText } from './credential-store.js';
import { createLogger } from './log.js';

const SHUTDOWN_GRACE_MS = 3_000;

export function settingsFromEnvironment(env = process.env, argv = process.argv) {
  const portText = env.BRIDGE_PORT ?? argv[2] ?? '9000';
  const port = Number(portText);
  // 0 is allowed: the system picks a free port and the parent learns it from the "listening" line.
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || String(portText).trim() === '') {
    throw new Error(`BRIDGE_PORT is not a port number: ${portText}`);
  }
  return {
    host: env.BRIDGE_HOST ?? '127.0.0.1',
    port,
    secret: env.BRIDGE_SECRET,
    dataDir: env.BRIDGE_DATA_DIR ?? 'data',
    credentialKey: credentialKeyFromText(env.BRIDGE_CREDENTIALS_KEY),
    exitWithParent: env.BRIDGE_EXIT_WITH_PARENT === '1',
  };
}

export function processLogger(env = process.env) {
  const logger = createLogger({ level: env.BRIDGE_LOG_LEVEL ?? 'info' });
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  return logger;
}

// Starts the bridge and prints {"event":"listening","port":n} as the only stdout line (logs go to stderr).
// Exits the process if the bridge does not start.
export async function runBridgeProcess({ logger, createSocketFactory, extraRoutes, env = process.env }) {
  let bridge;
  let settings;
  try {
    settings = settingsFromEnvironment(env);
    bridge = await startBridge({ ...settings, socketFactory: await createSocketFactory(), logger, extraRoutes });
  } catch (error) {
    logger.fatal({ err: error }, 'bridge did not start');
    process.exit(1);
  }
  logger.info({ address: bridge.address }, 'bridge listening');
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: bridge.address.port })}\n`);

  let stopping = false;
  const shutdown = (reason) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS);
    force.unref();
    bridge.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (settings.exitWithParent) {
    // The parent holds the other end of our stdin. When it dies, even by SIGKILL, the pipe closes:
    // without this the bridge would live on as an orphan holding the port and the WhatsApp sockets.
    process.stdin.on('end', () => shutdown('stdin ended (parent gone)'));
    process.stdin.on('close', () => shutdown('stdin closed (parent gone)'));
    process.stdin.on('error', () => shutdown('stdin failed (parent gone)'));
    process.stdin.resume(); // read (and drop) whatever arrives, so 'end' is seen
  }
  return bridge;
}
