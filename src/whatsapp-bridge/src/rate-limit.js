// Recognises WhatsApp's rate limit on the account in a Baileys error. Baileys turns the server's
// <error code="429" text="rate-overlimit"/> into a Boom with data 429 and that text as message; other
// paths carry the status as output.statusCode or statusCode.
export function rateLimitOf(error) {
  if (!error) return null;
  const limited = error.data === 429 || error.output?.statusCode === 429 || error.statusCode === 429
    || /rate-overlimit/i.test(String(error.message ?? ''));
  if (!limited) return null;
  return { retryAfterSeconds: retryAfterSecondsOf(error) };
}

// WhatsApp does not say how long to wait; a value is passed on only when the error carries one.
function retryAfterSecondsOf(error) {
  const seconds = Number(error.retryAfterSeconds ?? error.output?.headers?.['retry-after'] ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}
