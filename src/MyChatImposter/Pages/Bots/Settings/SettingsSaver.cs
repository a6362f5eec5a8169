namespace MyChatImposter.Pages.Bots.Settings;

// Saves a configuration changed by one of the settings forms with the API's rules (BotLifecycle), the
// stored API key kept: it is stored encrypted, and the encrypted form is refused as input, so a form that
// did not touch the key sends its mask, which BotLifecycle reads as "keep".
public sealed class SettingsSaver(BotLifecycle lifecycle, ApiKeyProtector keys)
{
    public Task<ConfigurationSave> SaveAsync(
        UserConfiguration changed, bool reload, string actor, CancellationToken cancellationToken) =>
        lifecycle.SaveConfigurationAsync(changed.UserId, KeepingStoredKey(changed), createOnly: false, reload, actor, cancellationToken);

    private UserConfiguration KeepingStoredKey(UserConfiguration changed)
    {
        var llm = changed.Configurations.LlmProviderConfig;
        if (!StoredApiKey.IsProtected(llm.ProviderConfig.ApiKey))
        {
            return changed;
        }
        return changed with
        {
            Configurations = changed.Configurations with
            {
                LlmProviderConfig = llm with
                {
                    ProviderConfig = llm.ProviderConfig with { ApiKey = keys.Mask(changed.UserId, llm.ProviderConfig.ApiKey!) },
                },
            },
        };
    }
}
