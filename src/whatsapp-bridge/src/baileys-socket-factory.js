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
    async createSocket({ auth, syncFullHistory = true, cachedGroupMetadata }) {
      // Fetched once per process; without it Baileys falls back to its built-in version.
      version ??= baileys.fetchLatestBaileysVersion().then((latest) => latest.version).catch(() => undefined);
      return baileys.makeWASocket({
        version: await version,
        auth: { creds: auth.creds, keys: baileys.makeCacheableSignalKeyStore(auth.keys, baileysLogger) },
        browser: baileys.Browsers.ubuntu('Chrome'),
        logger: baileysLogger,
        markOnlineOnConnect: false,
        // The user's provider setting; history sync is how group history reaches the message store.
        // Baileys' default filter skips the FULL history chunks even then, so it is lifted explicitly.
        syncFullHistory,
        ...(syncFullHistory ? { shouldSyncHistoryMessage: () => true } : {}),
        // The bridge's per-user group metadata cache (group-metadata-cache.js): sends to groups use it
        // instead of a metadata query each (WhatsApp rate-limits those).
        ...(cachedGroupMetadata ? { cachedGroupMetadata } : {}),
      });
    },
  };
}
