using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Api;

// Request bodies as raw JSON, the way a client of the original would send them.
public static class ConfigurationDocuments
{
    // The shape of the original's testConfigurations/test_config.json (spec/01 §5).
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

    // Replaces the node at a dotted path ("configurations.queue_config.max_messages") in a copy of the document.
    public static JsonObject With(this JsonObject document, string path, JsonNode? value)
    {
        var copy = (JsonObject)document.DeepClone();
        var segments = path.Split('.');
        JsonNode node = copy;
        foreach (var segment in segments[..^1])
        {
            node = segment.EndsWith(']')
                ? node[segment[..segment.IndexOf('[')]]![int.Parse(segment[(segment.IndexOf('[') + 1)..^1])]!
                : node[segment]!;
        }
        node[segments[^1]] = value;
        return copy;
    }
}
