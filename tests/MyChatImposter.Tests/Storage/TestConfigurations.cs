using System.Text.Json;
using MyChatImposter.Configuration;

namespace MyChatImposter.Tests.Storage;

internal static class TestConfigurations
{
    // Only what is required; everything else keeps its default.
    public static UserConfiguration Minimal(string userId) => new()
    {
        UserId = userId,
        Configurations = new ConfigurationsSettings
        {
            ChatProviderConfig = new ChatProviderConfig { ProviderName = "dummy" },
            LlmProviderConfig = new LlmProviderConfig
            {
                ProviderName = "fakeLlm",
                ProviderConfig = new LlmProviderSettings { Model = "fake" },
            },
        },
    };

    // Every field away from its default, with extension data of every JSON kind in both extra=allow places.
    public static UserConfiguration Full(string userId, string firstName = "Ada") => new()
    {
        UserId = userId,
        Configurations = new ConfigurationsSettings
        {
            UserDetails = new UserDetails
            {
                FirstName = firstName,
                LastName = "Lovelace-Ünïcode ✓",
                Timezone = "Asia/Jerusalem",
                LanguageCode = "he",
            },
            ChatProviderConfig = new ChatProviderConfig
            {
                ProviderName = "whatsAppBaileyes",
                ProviderConfig = new ChatProviderSettings
                {
                    AllowGroupMessages = true,
                    ProcessOfflineMessages = true,
                    SyncFullHistory = false,
                    Extra = Extras("""
                        {
                          "browser_name": "Chrome",
                          "mark_online_on_connect": false,
                          "retry_delays_ms": [250, 500, 1000],
                          "proxy": null
                        }
                        """),
                },
            },
            QueueConfig = new QueueConfig
            {
                MaxMessages = 5, MaxCharacters = 100, MaxDays = 2, MaxCharactersSingleMessage = 50,
            },
            ContextConfig = new ContextConfig
            {
                MaxMessages = 20, MaxCharacters = 4000, MaxDays = 7, MaxCharactersSingleMessage = 600,
                SharedContext = false,
            },
            LlmProviderConfig = new LlmProviderConfig
            {
                ProviderName = "openAi",
                ProviderConfig = new LlmProviderSettings
                {
                    ApiKeySource = ApiKeySource.Explicit,
                    ApiKey = "sk-test-not-a-real-key",
                    Model = "gpt-5-mini",
                    Temperature = 1.25,
                    ReasoningEffort = ReasoningEffort.High,
                    Seed = 42,
                    RecordLlmInteractions = true,
                    Extra = Extras("""
                        {
                          "response_array": ["First canned answer", "Second: שלום"],
                          "max_tokens": 256,
                          "top_p": 0.25,
                          "big_number": 10000000000,
                          "negative": -7,
                          "metadata": { "nested": { "flag": true, "none": null, "list": [1, 2.5, "x"] } }
                        }
                        """),
                },
            },
        },
        Features = new FeaturesConfiguration
        {
            AutomaticBotReply = new AutomaticBotReplyConfig
            {
                Enabled = true,
                RespondToWhitelist = ["972500000001", "972500000002"],
                RespondToWhitelistGroup = ["120363000000000001@g.us"],
                ChatSystemPrompt = "You are {user_id}'s assistant.\nLine two with \"quotes\" and a tab\t.",
            },
            PeriodicGroupTracking = new PeriodicGroupTrackingConfig
            {
                Enabled = true,
                TrackedGroups =
                [
                    new TrackedGroup
                    {
                        GroupIdentifier = "120363000000000001@g.us",
                        CronTrackingSchedule = "30 7 * * 1-5",
                        DisplayName = "School parents",
                    },
                    new TrackedGroup { GroupIdentifier = "120363000000000002@g.us", DisplayName = "Team" },
                ],
            },
            KidPhoneSafetyTracking = new KidPhoneSafetyTrackingConfig { Enabled = true },
        },
    };

    public static string Json(UserConfiguration configuration) => ConfigurationJson.Serialize(configuration);

    private static Dictionary<string, JsonElement> Extras(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
