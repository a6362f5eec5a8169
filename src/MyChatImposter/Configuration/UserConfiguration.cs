using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyChatImposter.Configuration;

// The per-user configuration document of shared/spec/01-configuration.md, field for field. Property names
// are snake_case through ConfigurationJson.Options, except the tracked-group fields, which the original
// spelled in camelCase. Records with defaults let the original's sparse documents load unchanged.

[Description("A user's bot configuration")]
public sealed record UserConfiguration
{
    [JsonRequired]
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
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    [Description("IANA time zone used for schedules and digest times")]
    public string Timezone { get; init; } = "UTC";
    [Description("ISO 639-1 language of digests")]
    public string LanguageCode { get; init; } = "en";
}

public sealed record ChatProviderConfig
{
    [JsonRequired]
    [Description("whatsAppBaileyes (alias whatsapp) or dummy (alias sandbox)")]
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

public sealed record QueueConfig
{
    public int MaxMessages { get; init; } = 10;
    public int MaxCharacters { get; init; } = 1000;
    public int MaxDays { get; init; } = 1;
    public int MaxCharactersSingleMessage { get; init; } = 300;
}

public sealed record ContextConfig
{
    public int MaxMessages { get; init; } = 10;
    public int MaxCharacters { get; init; } = 1000;
    public int MaxDays { get; init; } = 1;
    public int MaxCharactersSingleMessage { get; init; } = 300;
    [DisplayName("Shared Context")]
    public bool SharedContext { get; init; } = true;
}

public sealed record LlmProviderConfig
{
    [JsonRequired]
    [Description("openAi (alias openai) or fakeLlm (alias fake)")]
    public string ProviderName { get; init; } = "";

    [JsonRequired]
    public LlmProviderSettings ProviderConfig { get; init; } = new();
}

[JsonConverter(typeof(JsonStringEnumConverter<ApiKeySource>))]
public enum ApiKeySource
{
    [JsonStringEnumMemberName("environment")] Environment,
    [JsonStringEnumMemberName("explicit")] Explicit,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReasoningEffort>))]
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
    public string? ApiKey { get; init; }

    [JsonRequired]
    public string Model { get; init; } = "";

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
    public IReadOnlyList<string> RespondToWhitelist { get; init; } = [];
    [DisplayName("Respond To Group Whitelist")]
    public IReadOnlyList<string> RespondToWhitelistGroup { get; init; } = [];
    [DisplayName("Chat System Prompt")]
    public string ChatSystemPrompt { get; init; } = "";
}

public sealed record PeriodicGroupTrackingConfig
{
    public bool Enabled { get; init; }
    public IReadOnlyList<TrackedGroup> TrackedGroups { get; init; } = [];
}

public sealed record TrackedGroup
{
    [JsonRequired]
    [JsonPropertyName("groupIdentifier")]
    public string GroupIdentifier { get; init; } = "";

    [JsonPropertyName("cronTrackingSchedule")]
    [DisplayName("Cron Schedule")]
    public string CronTrackingSchedule { get; init; } = "0 20 * * *";

    [JsonRequired]
    [JsonPropertyName("displayName")]
    public string DisplayName { get; init; } = "";
}

public sealed record KidPhoneSafetyTrackingConfig
{
    public bool Enabled { get; init; }
}
