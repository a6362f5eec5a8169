using System.ComponentModel;

namespace MyChatImposter.Configuration;

// The per-user configuration document of shared/spec/01-configuration.md, field for field. Property names
// are snake_case through ConfigurationJson.Options, except the tracked-group fields, which the original
// spelled in camelCase. Records with defaults let the original's sparse documents load unchanged.
// The constraint attributes (Range, StringLength, ...) are read both by ConfigurationValidator and by
// ConfigurationSchema; the numbers and their reasons are in ConfigurationLimits.

[Description("A user's bot configuration")]
public sealed record UserConfiguration
{
    [JsonRequired]
    [StringLength(ConfigurationLimits.UserIdMaxLength, MinimumLength = 1)]
    [RegularExpression(ConfigurationLimits.UserIdPattern, ErrorMessage = "may contain only letters, digits, '_' and '-'")]
    public string UserId { get; init; } = "";

    [JsonRequired]
    [DisplayName("General Configurations")]
    public ConfigurationsSettings Configurations { get; init; } = new();

    [DisplayName("Feature Configurations")]
    public FeaturesConfiguration Features { get; init; } = new();
}

public sealed record ConfigurationsSettings
{
    [DisplayName("User Details")]
    public UserDetails UserDetails { get; init; } = new();

    [JsonRequired]
    [DisplayName("Chat Provider")]
    public ChatProviderConfig ChatProviderConfig { get; init; } = new();

    [DisplayName("Incoming Queue Limits")]
    public QueueConfig QueueConfig { get; init; } = new();

    [DisplayName("Conversation Context Limits")]
    public ContextConfig ContextConfig { get; init; } = new();

    [JsonRequired]
    [DisplayName("LLM Provider")]
    public LlmProviderConfig LlmProviderConfig { get; init; } = new();
}

public sealed record UserDetails
{
    [StringLength(ConfigurationLimits.NameMaxLength)]
    public string FirstName { get; init; } = "";

    [StringLength(ConfigurationLimits.NameMaxLength)]
    public string LastName { get; init; } = "";

    [Description("IANA time zone used for schedules and digest times, e.g. Europe/London")]
    [StringLength(ConfigurationLimits.TimezoneMaxLength, MinimumLength = 1)]
    public string Timezone { get; init; } = "UTC";

    [Description("ISO 639-1 language of digests, e.g. en, optionally with a region such as pt-BR")]
    [RegularExpression(ConfigurationLimits.LanguageCodePattern,
        ErrorMessage = "must be a two-letter lowercase ISO 639-1 code such as en, optionally with a region or script such as pt-BR or zh-Hant")]
    public string LanguageCode { get; init; } = "en";
}

public sealed record ChatProviderConfig
{
    [JsonRequired]
    [Description(ProviderNames.ChatNamesDescription)]
    public string ProviderName { get; init; } = "";

    [JsonRequired]
    public ChatProviderSettings ProviderConfig { get; init; } = new();
}

public sealed record ChatProviderSettings
{
    [DisplayName("Allow Group Messages")]
    public bool AllowGroupMessages { get; init; }

    [DisplayName("Process Offline Messages")]
    public bool ProcessOfflineMessages { get; init; }

    [DisplayName("Sync Full History")]
    public bool SyncFullHistory { get; init; } = true;

    // extra=allow in the original: unknown keys are kept and forwarded to the bridge.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

// The limits of the original's twin sections: queue_config bounds the recent messages a conversation keeps for
// the bot's features, context_config the history a reply is written from. Only the least max_messages differs.
public abstract record ConversationLimits
{
    public abstract int MaxMessages { get; init; }

    [Range(1, ConfigurationLimits.MaxCharacters)]
    public int MaxCharacters { get; init; } = 1000;

    [Range(1, ConfigurationLimits.MaxDays)]
    public int MaxDays { get; init; } = 1;

    [Range(1, ConfigurationLimits.MaxCharactersSingleMessage)]
    public int MaxCharactersSingleMessage { get; init; } = 300;
}

public sealed record QueueConfig : ConversationLimits
{
    [Range(ConfigurationLimits.MinQueueMessages, ConfigurationLimits.MaxMessages)]
    public override int MaxMessages { get; init; } = 10;
}

public sealed record ContextConfig : ConversationLimits
{
    [Range(ConfigurationLimits.MinContextMessages, ConfigurationLimits.MaxMessages)]
    public override int MaxMessages { get; init; } = 10;

    // Written after the limits, where documents have always had it (a derived record's own properties would
    // otherwise come first).
    [DisplayName("Shared Context")]
    [JsonPropertyOrder(1)]
    public bool SharedContext { get; init; } = true;
}

public sealed record LlmProviderConfig
{
    [JsonRequired]
    [Description(ProviderNames.LlmNamesDescription)]
    public string ProviderName { get; init; } = "";

    [JsonRequired]
    public LlmProviderSettings ProviderConfig { get; init; } = new();
}

[JsonConverter(typeof(StrictEnumConverter<ApiKeySource>))]
public enum ApiKeySource
{
    [JsonStringEnumMemberName("environment")] Environment,
    [JsonStringEnumMemberName("explicit")] Explicit,
}

[JsonConverter(typeof(StrictEnumConverter<ReasoningEffort>))]
public enum ReasoningEffort
{
    [JsonStringEnumMemberName("minimal")] Minimal,
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("high")] High,
}

public sealed record LlmProviderSettings
{
    public ApiKeySource ApiKeySource { get; init; } = ApiKeySource.Environment;

    // Stored encrypted and answered masked (StoredApiKey); what a client sends is the key itself or the mask.
    [Description("Required when api_key_source is explicit; ignored otherwise. Answered masked; send the mask back to keep the stored key")]
    [ApiKeyLength(ConfigurationLimits.ApiKeyMaxLength)]
    public string? ApiKey { get; init; }

    // Any OpenAI-compatible server (Ollama, vLLM, LM Studio, a gateway); null means the host's endpoint
    // (Llm:DefaultBaseUrl, OpenAI unless the operator chose another). Where it may lead: LlmEndpoint.
    [DisplayName("Base URL")]
    [Description("OpenAI-compatible server, e.g. https://llm.example.com/v1, used with your own key (api_key_source explicit); leave empty for the host's endpoint")]
    [StringLength(ConfigurationLimits.BaseUrlMaxLength)]
    public string? BaseUrl { get; init; }

    [JsonRequired]
    [StringLength(ConfigurationLimits.ModelMaxLength, MinimumLength = 1)]
    [Description("Model name, e.g. gpt-4o-mini")]
    public string Model { get; init; } = "";

    [Range(ConfigurationLimits.MinTemperature, ConfigurationLimits.MaxTemperature)]
    public double Temperature { get; init; } = 0.7;
    public ReasoningEffort? ReasoningEffort { get; init; }
    public int? Seed { get; init; }

    [DisplayName("Record Traffic")]
    public bool RecordLlmInteractions { get; init; }

    // extra=allow: e.g. the fake provider's response_array.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record FeaturesConfiguration
{
    public AutomaticBotReplyConfig AutomaticBotReply { get; init; } = new();
    public PeriodicGroupTrackingConfig PeriodicGroupTracking { get; init; } = new();
    public KidPhoneSafetyTrackingConfig KidPhoneSafetyTracking { get; init; } = new();
}

public sealed record AutomaticBotReplyConfig
{
    public bool Enabled { get; init; }

    [DisplayName("Respond To Direct Contact Whitelist")]
    [Length(0, ConfigurationLimits.WhitelistMaxEntries)]
    [ItemStringLength(ConfigurationLimits.WhitelistEntryMaxLength, MinimumLength = 1)]
    public IReadOnlyList<string> RespondToWhitelist { get; init; } = [];

    [DisplayName("Respond To Group Whitelist")]
    [Length(0, ConfigurationLimits.WhitelistMaxEntries)]
    [ItemStringLength(ConfigurationLimits.WhitelistEntryMaxLength, MinimumLength = 1)]
    public IReadOnlyList<string> RespondToWhitelistGroup { get; init; } = [];

    [DisplayName("Chat System Prompt")]
    [Description("The persona the bot answers with; {user_id} is replaced by the user id")]
    [StringLength(ConfigurationLimits.ChatSystemPromptMaxLength)]
    public string ChatSystemPrompt { get; init; } = "";

    [DisplayName("Reply Mode")]
    [Description("auto sends the bot's replies; approve makes each reply a draft the owner approves; monitor drafts and never sends; off does not answer")]
    public ReplyMode ReplyMode { get; init; } = ReplyMode.Auto;

    [DisplayName("Reply Mode Per Whitelist Entry")]
    [Description("Overrides reply_mode for the conversations an entry of either whitelist lets through; each key must be one of those entries")]
    public IReadOnlyDictionary<string, ReplyMode> ReplyModes { get; init; } = new Dictionary<string, ReplyMode>();

    [DisplayName("Takeover Pause (minutes)")]
    [Description("How long the bot stays quiet in a conversation after the owner writes in it from their own phone; 0 means until the owner hands it back")]
    [Range(0, ConfigurationLimits.MaxTakeoverPauseMinutes)]
    public int TakeoverPauseMinutes { get; init; } = 30;

    [DisplayName("Draft Expiry (minutes)")]
    [Description("A draft nobody approved within this time expires and is never sent")]
    [Range(1, ConfigurationLimits.MaxDraftExpiryMinutes)]
    public int DraftExpiryMinutes { get; init; } = 60;
}

public sealed record PeriodicGroupTrackingConfig
{
    public bool Enabled { get; init; }

    [Length(0, ConfigurationLimits.TrackedGroupsMaxCount)]
    public IReadOnlyList<TrackedGroup> TrackedGroups { get; init; } = [];
}

public sealed record TrackedGroup
{
    [JsonRequired]
    [JsonPropertyName("groupIdentifier")]
    [Description("Group JID, e.g. 120363000000000000@g.us")]
    [StringLength(ConfigurationLimits.GroupFieldMaxLength, MinimumLength = 1)]
    public string GroupIdentifier { get; init; } = "";

    [JsonPropertyName("cronTrackingSchedule")]
    [DisplayName("Cron Schedule")]
    [Description("Five-field cron (minute hour day-of-month month day-of-week) in the user's time zone")]
    [StringLength(ConfigurationLimits.CronScheduleMaxLength, MinimumLength = 1)]
    public string CronTrackingSchedule { get; init; } = "0 20 * * *";

    [JsonRequired]
    [JsonPropertyName("displayName")]
    [StringLength(ConfigurationLimits.GroupFieldMaxLength, MinimumLength = 1)]
    public string DisplayName { get; init; } = "";
}

public sealed record KidPhoneSafetyTrackingConfig
{
    public bool Enabled { get; init; }
}
