// The real socket factory: Baileys sockets. The bridge talks to sockets only through this seam
// (createSocket, initAuthCreds, reviveKey), so the tests use a fake one and a Baileys upgrade touches
// this file alone. Baileys is loaded lazily: it is ESM-only and about 50 MB.
export async function createBaileysSocketFactory({ logger }) {
  const baileys = await import('baileys');
  const baileysLogger = logger.child({ component: 'baileys' });
  let version = null;

  return {
    initAuthCreds: () => baileys.initAuthCreds(),
    // Stored app-state sync keys are plain objects; Baileys expects the protobuf type.
    reviveKey: (type, value) =>
      type === 'app-state-sync-key' && value ? baileys.proto.Message.AppStateSyncKeyData.fromObject(value) : value,
    async createSocket({ auth, syncFullHistory = false }) {
      // Fetched once per process; without it Baileys falls back to its built-in version.
      version ??= baileys.fetchLatestBaileysVersion().then((latest) => latest.version).catch(() => undefined);
      return baileys.makeWASocket({
        version: await version,
        auth: { creds: auth.creds, keys: baileys.makeCacheableSignalKeyStore(auth.keys, baileysLogger) },
        browser: baileys.Browsers.ubuntu('Chrome'),
        logger: baileysLogger,
        markOnlineOnConnect: false,
        syncFullHistory,
      });
    },
  };
}
