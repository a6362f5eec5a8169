// A small pino-compatible logger (Baileys wants level/child/trace..fatal) writing JSON lines to stderr,
// so the bridge does not depend on a logging package of its own.
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export function createLogger({ level = 'info', bindings = {}, write = (line) => process.stderr.write(line) } = {}) {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const logger = { level };
  for (const [name, value] of Object.entries(LEVELS)) {
    if (name === 'silent') continue;
    logger[name] = (objectOrMessage, message) => {
      if (value < threshold) return;
      const fields = typeof objectOrMessage === 'object' && objectOrMessage !== null ? objectOrMessage : { msg: objectOrMessage };
      const entry = { level: name, time: new Date().toISOString(), ...bindings, ...fields };
      if (fields instanceof Error) entry.err = fields.message;
      if (message !== undefined) entry.msg = message;
      write(`${JSON.stringify(entry, (k, v) => (v instanceof Error ? v.message : v))}\n`);
    };
  }
  logger.child = (more) => createLogger({ level, bindings: { ...bindings, ...more }, write });
  return logger;
}
