// Entry point. Settings come from the environment (README: "Running").
import { startBridge } from './bridge.js';
import { createBaileysSocketFactory } from './baileys-socket-factory.js';
import { credentialKeyFromText } from './credential-store.js';
import { createLogger } from './log.js';

const logger = createLogger({ level: process.env.BRIDGE_LOG_LEVEL ?? 'info' });
process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));

try {
  const bridge = await startBridge({
    host: process.env.BRIDGE_HOST ?? '127.0.0.1',
    port: Number(process.env.BRIDGE_PORT ?? process.argv[2] ?? 9000),
    secret: process.env.BRIDGE_SECRET,
    dataDir: process.env.BRIDGE_DATA_DIR ?? 'data',
    credentialKey: credentialKeyFromText(process.env.BRIDGE_CREDENTIALS_KEY),
    socketFactory: await createBaileysSocketFactory({ logger }),
    logger,
  });
  logger.info({ address: bridge.address }, 'bridge listening');
  const shutdown = () => {
    const force = setTimeout(() => process.exit(0), 3_000);
    force.unref();
    bridge.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  logger.fatal({ err: error }, 'bridge did not start');
  process.exit(1);
}
