namespace MyChatImposter.Pages.Bots.Settings;

// General: who the bot is (names, time zone, language) and which chat provider carries it, with the
// provider's switches. Unknown provider_config keys (forwarded to the bridge) are kept as stored.
public sealed class GeneralForm : ISettingsForm<GeneralForm>
{
    public const string Sandbox = "sandbox";
    public const string WhatsApp = "whatsapp";

    private const string Details = "configurations.user_details";
    private const string Chat = "configurations.chat_provider_config";

    public static IReadOnlyList<(string Value, string Label)> ChatProviders { get; } =
    [
        (Sandbox, "Sandbox: a simulated chat on this site, for trying the bot"),
        (WhatsApp, "WhatsApp: linked to a phone by QR code"),
    ];

    [Display(Name = "First name")]
    public string? FirstName { get; set; }

    [Display(Name = "Last name")]
    public string? LastName { get; set; }

    public string? Timezone { get; set; }

    public string? LanguageCode { get; set; }

    [Display(Name = "Chat provider")]
    public string? ChatProvider { get; set; }

    public bool AllowGroupMessages { get; set; }

    public bool ProcessOfflineMessages { get; set; }

    public bool SyncFullHistory { get; set; }

    public static GeneralForm FromDocument(UserConfiguration configuration)
    {
        var details = configuration.Configurations.UserDetails;
        var chat = configuration.Configurations.ChatProviderConfig;
        return new GeneralForm
        {
            FirstName = details.FirstName,
            LastName = details.LastName,
            Timezone = details.Timezone,
            LanguageCode = details.LanguageCode,
            ChatProvider = !ProviderNames.TryResolveChat(chat.ProviderName, out var kind) ? chat.ProviderName
                : kind == ChatProviderKind.WhatsApp ? WhatsApp : Sandbox,
            AllowGroupMessages = chat.ProviderConfig.AllowGroupMessages,
            ProcessOfflineMessages = chat.ProviderConfig.ProcessOfflineMessages,
            SyncFullHistory = chat.ProviderConfig.SyncFullHistory,
        };
    }

    public UserConfiguration ApplyTo(UserConfiguration stored)
    {
        var chat = stored.Configurations.ChatProviderConfig;
        // The stored spelling stays while the provider does not change ("dummy" is not rewritten to "sandbox").
        var providerName = ProviderNames.TryResolveChat(chat.ProviderName, out var storedKind)
            && ProviderNames.TryResolveChat(ChatProvider, out var chosenKind) && storedKind == chosenKind
            ? chat.ProviderName
            : ChatProvider ?? "";
        return stored with
        {
            Configurations = stored.Configurations with
            {
                UserDetails = stored.Configurations.UserDetails with
                {
                    FirstName = FirstName?.Trim() ?? "",
                    LastName = LastName?.Trim() ?? "",
                    Timezone = Timezone?.Trim() ?? "",
                    LanguageCode = LanguageCode?.Trim() ?? "",
                },
                ChatProviderConfig = chat with
                {
                    ProviderName = providerName,
                    ProviderConfig = chat.ProviderConfig with
                    {
                        AllowGroupMessages = AllowGroupMessages,
                        ProcessOfflineMessages = ProcessOfflineMessages,
                        SyncFullHistory = SyncFullHistory,
                    },
                },
            },
        };
    }

    public DocumentFields Fields(string prefix) => new DocumentFields(prefix)
        .Field($"{Details}.first_name", nameof(FirstName))
        .Field($"{Details}.last_name", nameof(LastName))
        .Field($"{Details}.timezone", nameof(Timezone))
        .Field($"{Details}.language_code", nameof(LanguageCode))
        .Field($"{Chat}.provider_name", nameof(ChatProvider));
}
