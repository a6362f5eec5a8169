// The fake bridge: the real bridge (same environment variables, same stdout line, same protocol) with
// fake WhatsApp sockets and the /fake/ control routes, for the host's tests and benchmarks without a
// phone. README: "Fake bridge (tests and benchmarks)". FAKE_QR_ROTATE_MS: QR rotation (unset/0 = none).
import { processLogger, runBridgeProcess, settingsFromEnvironment } from '../src/bridge-process.js';
import { FakeSocketFactory } from '../src/fake-socket-factory.js';
import { FakeWhatsApp } from './fake-whatsapp.js';

const logger = processLogger();
const factory = new FakeSocketFactory();
let whatsapp;
try {
  whatsapp = new FakeWhatsApp({
    factory,
    dataDir: settingsFromEnvironment().dataDir,
    qrRotateMs: Number(process.env.FAKE_QR_ROTATE_MS ?? 0) || 0,
    logger,
  });
} catch (error) {
  logger.fatal({ err: error }, 'fake bridge did not start');
  process.exit(1);
}
const bridge = await runBridgeProcess({
  logger,
  createSocketFactory: async () => factory,
  // Requests arrive only after the listening line, by which time the bridge is attached.
  extraRoutes: (request, response, url) => whatsapp.routes(request, response, url),
});
whatsapp.attach(bridge);
