using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Configuration;

namespace MyChatImposter.Tests;

// The one set of test configurations: documents as a client sends them (JSON: Valid, OriginalExample,
// SparseOriginal, Complete), typed UserConfiguration objects as the stores keep them (Minimal, Full), and
// edits addressed by the same dotted paths the validator reports
// ("features.periodic_group_tracking.tracked_groups[0].displayName").
// The browser tests and the load tests compile this file too (linked, not referenced), so it needs
// nothing but the application.
internal static class ConfigurationDocuments
{
    // A valid body for PUT /api/external/users/{userId}, in the shape of the original's
    // testConfigurations/test_config.json (spec/01 §5) with every section present.
    public static JsonObject Valid(string userId) => new()
    {
        ["user_id"] = userId,
        ["configurations"] = new JsonObject
        {
            ["user_details"] = new JsonObject { ["first_name"] = "Test", ["last_name"] = "User", ["timezone"] = "Europe/Paris", ["language_code"] = "en" },
            ["chat_provider_config"] = new JsonObject
            {
                ["provider_name"] = "dummy",
                ["provider_config"] = new JsonObject { ["allow_group_messages"] = false, ["process_offline_messages"] = false },
            },
            ["queue_config"] = new JsonObject { ["max_messages"] = 5, ["max_characters"] = 100, ["max_days"] = 1, ["max_characters_single_message"] = 300 },
            ["context_config"] = new JsonObject { ["max_messages"] = 10, ["max_characters"] = 1000, ["max_days"] = 1, ["max_characters_single_message"] = 300, ["shared_context"] = true },
            ["llm_provider_config"] = new JsonObject
            {
                ["provider_name"] = "fakeLlm",
                ["provider_config"] = new JsonObject
                {
                    ["api_key_source"] = "environment",
                    ["model"] = "fake",
                    ["temperature"] = 0.7,
                    ["response_array"] = new JsonArray("Hello from the fake model"),
                },
            },
        },
        ["features"] = new JsonObject
        {
            ["automatic_bot_reply"] = new JsonObject
            {
                ["enabled"] = false,
                ["respond_to_whitelist"] = new JsonArray("+1 555 0100"),
                ["respond_to_whitelist_group"] = new JsonArray(),
                ["chat_system_prompt"] = "You are {user_id}. Answer briefly.",
            },
            ["periodic_group_tracking"] = new JsonObject
            {
                ["enabled"] = false,
                ["tracked_groups"] = new JsonArray(new JsonObject
                {
                    ["groupIdentifier"] = "120363000000000000@g.us",
                    ["cronTrackingSchedule"] = "0 20 * * *",
                    ["displayName"] = "Parents",
                }),
            },
            ["kid_phone_safety_tracking"] = new JsonObject { ["enabled"] = false },
        },
    };

    // The original's testConfigurations/test_config.json (spec/01 §5) as text.
    public const string OriginalExample = """
        {
          "user_id": "test_user",
          "configurations": {
            "chat_provider_config": {
              "provider_name": "dummy",
              "provider_config": {
                "allow_group_messages": false,
                "process_offline_messages": false
              }
            },
            "queue_config": {
              "max_messages": 5,
              "max_characters": 100,
              "max_days": 1,
              "max_characters_single_message": 300
            },
            "context_config": {
              "max_messages": 10,
              "max_characters": 1000,
              "max_days": 1,
              "max_characters_single_message": 300,
              "shared_context": true
            },
            "llm_provider_config": {
              "provider_name": "fakeLlm",
              "provider_config": {
                "model": "fake",
                "temperature": 0.7,
                "response_array": ["This is a canned answer from the fake LLM."]
              }
            }
          },
          "features": {
            "automatic_bot_reply": {
              "enabled": false,
              "respond_to_whitelist": [],
              "respond_to_whitelist_group": [],
              "chat_system_prompt": "You are {user_id}, answering your friends on WhatsApp in your own casual voice."
            },
            "periodic_group_tracking": {
              "enabled": false,
              "tracked_groups": []
            },
            "kid_phone_safety_tracking": {
              "enabled": false
            }
          }
        }
        """;

    // Only the members without defaults, as the original stored documents (sparse PUT bodies).
    public const string SparseOriginal = """
        {
          "user_id": "sparse_user",
          "configurations": {
            "chat_provider_config": { "provider_name": "whatsAppBaileyes", "provider_config": {} },
            "llm_provider_config": { "provider_name": "openAi", "provider_config": { "model": "gpt-4o" } }
          }
        }
        """;

    // The example with every object and list populated, so that every rule has something to reject.
    public static string Complete()
    {
        var document = Parse(OriginalExample);
        Set(document, "configurations.user_details", JsonNode.Parse("""
            { "first_name": "Test", "last_name": "User", "timezone": "Europe/London", "language_code": "en" }
            """));
        Set(document, "features.automatic_bot_reply.respond_to_whitelist", new JsonArray("972500000001@s.whatsapp.net"));
        Set(document, "features.automatic_bot_reply.respond_to_whitelist_group", new JsonArray("120363000000000001@g.us"));
        Set(document, "features.periodic_group_tracking.tracked_groups", JsonNode.Parse("""
            [
              { "groupIdentifier": "120363000000000001@g.us", "cronTrackingSchedule": "0 20 * * *", "displayName": "Family" },
              { "groupIdentifier": "120363000000000002@g.us", "cronTrackingSchedule": "30 7 * * 1-5", "displayName": "School" }
            ]
            """));
        return document.ToJsonString();
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    // The complete document with one value replaced; jsonValue is JSON text ("0", "\"x\"", "null").
    public static string CompleteWith(string path, string jsonValue)
    {
        var document = Parse(Complete());
        Set(document, path, JsonNode.Parse(jsonValue));
        return document.ToJsonString();
    }

    public static string CompleteWithout(string path)
    {
        var document = Parse(Complete());
        var (parent, last) = Locate(document, path);
        if (last.Index is { } index)
        {
            parent.AsArray().RemoveAt(index);
        }
        else
        {
            parent.AsObject().Remove(last.Name!);
        }
        return document.ToJsonString();
    }

    // A copy of the document with the node at a dotted path replaced (or added, for a last segment not there yet).
    public static JsonObject With(this JsonObject document, string path, JsonNode? value)
    {
        var copy = (JsonObject)document.DeepClone();
        Set(copy, path, value);
        return copy;
    }

    public static UserConfiguration Load(string json) => ConfigurationJson.Deserialize(json);

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static void Set(JsonObject document, string path, JsonNode? value)
    {
        var (parent, last) = Locate(document, path);
        if (last.Index is { } index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[last.Name!] = value;
        }
    }

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

    private static (JsonNode Parent, Segment Last) Locate(JsonObject document, string path)
    {
        var segments = Segments(path).ToList();
        JsonNode node = document;
        foreach (var segment in segments[..^1])
        {
            node = (segment.Index is { } index ? node.AsArray()[index] : node.AsObject()[segment.Name!])
                ?? throw new ArgumentException($"Nothing at {path}");
        }
        return (node, segments[^1]);
    }

    private static IEnumerable<Segment> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            yield return new Segment(bracket < 0 ? part : part[..bracket], null);
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return new Segment(null, int.Parse(part[(bracket + 1)..close]));
                bracket = part.IndexOf('[', close);
            }
        }
    }

    private sealed record Segment(string? Name, int? Index);
}
