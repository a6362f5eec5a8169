// Wires the bridge together from its settings: stores under the data folder, sessions, server.
import { join } from 'node:path';
import { CredentialStore } from './credential-store.js';
import { InboundOutbox } from './inbound-outbox.js';
import { createBridgeServer } from './server.js';
import { SessionManager } from './session-manager.js';

export async function startBridge({ host = '127.0.0.1', port = 9000, secret, dataDir, credentialKey, socketFactory, logger, timers, watchdog = true, extraRoutes }) {
  const credentialStore = new CredentialStore({ dir: join(dataDir, 'credentials'), key: credentialKey });
  const outbox = new InboundOutbox({ dir: join(dataDir, 'outbox'), logger });
  await outbox.openAll();
  const sessions = new SessionManager({
    socketFactory,
    credentialStore,
    outbox,
    logger,
    timers,
  });
  const server = createBridgeServer({ secret, sessions, outbox, logger, extraRoutes });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  if (watchdog) sessions.startWatchdog();

  return {
    server,
    sessions,
    credentialStore,
    outbox,
    address: server.address(),
    async stop() {
      // Ends the WhatsApp sockets without logging out: the users stay linked across a restart.
      sessions.stopAll();
      server.closeLinks();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
