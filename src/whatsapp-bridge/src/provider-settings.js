// The user's chat-provider settings (spec/01 ChatProviderSettings) as the host sends them in
// POST /initialize {"userId","config"}; missing or non-boolean fields take the spec's defaults.
export const DEFAULT_PROVIDER_SETTINGS = Object.freeze({
  allow_group_messages: false,
  process_offline_messages: false,
  sync_full_history: true,
});

export function providerSettings(config) {
  const settings = { ...DEFAULT_PROVIDER_SETTINGS };
  for (const name of Object.keys(settings)) {
    if (typeof config?.[name] === 'boolean') settings[name] = config[name];
  }
  return settings;
}
