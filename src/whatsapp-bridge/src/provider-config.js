// The user's WhatsApp provider settings as the host sends them with /initialize. Unknown keys are kept
// (the host may send more than the bridge uses); missing ones take the defaults of the host's config.
export const DEFAULT_PROVIDER_CONFIG = Object.freeze({
  allow_group_messages: false,
  process_offline_messages: false,
  sync_full_history: false,
});

export function providerConfig(config = {}) {
  return Object.freeze({ ...DEFAULT_PROVIDER_CONFIG, ...config });
}
