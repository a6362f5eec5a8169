using System.Text.Json.Nodes;

namespace MyChatImposter.LoadTests.Scenarios;

// A valid configuration in the original's JSON shape, the same document as the HTTP tests'
// ConfigurationDocuments.Valid. Copied rather than referenced: a reference to the test project would
// pull xunit into this console app and make it look like a test project to `dotnet test`.
public static class ConfigurationDocument
{
    public static JsonObject Valid(string userId, string systemPrompt) => new()
    {
        ["user_id"] = userId,
        ["configurations"] = new JsonObject
        {
            ["user_details"] = new JsonObject { ["first_name"] = "Load", ["last_name"] = "User", ["timezone"] = "Europe/Paris", ["language_code"] = "en" },
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
                ["chat_system_prompt"] = systemPrompt,
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
}
