using System.Text.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using static MyChatImposter.Tests.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

// Documents written for the original system must keep loading unchanged.
public sealed class OriginalDocumentTests
{
    [Fact]
    public void The_original_example_document_loads_and_is_valid()
    {
        var result = ConfigurationReader.Read(Utf8(OriginalExample), new LlmOptions());

        Assert.Empty(result.Errors);
        var configuration = Assert.IsType<UserConfiguration>(result.Configuration);
        Assert.Equal("test_user", configuration.UserId);
        Assert.Equal("dummy", configuration.Configurations.ChatProviderConfig.ProviderName);
        Assert.Equal(new QueueConfig { MaxMessages = 5, MaxCharacters = 100, MaxDays = 1, MaxCharactersSingleMessage = 300 },
            configuration.Configurations.QueueConfig);
        Assert.Equal(new ContextConfig(), configuration.Configurations.ContextConfig);
        var llm = configuration.Configurations.LlmProviderConfig;
        Assert.Equal("fakeLlm", llm.ProviderName);
        Assert.Equal("fake", llm.ProviderConfig.Model);
        Assert.Equal(0.7, llm.ProviderConfig.Temperature);
        Assert.Equal(ApiKeySource.Environment, llm.ProviderConfig.ApiKeySource);
        Assert.False(configuration.Features.AutomaticBotReply.Enabled);
        Assert.False(configuration.Features.PeriodicGroupTracking.Enabled);
        Assert.False(configuration.Features.KidPhoneSafetyTracking.Enabled);
        Assert.Contains("{user_id}", configuration.Features.AutomaticBotReply.ChatSystemPrompt);
    }

    [Fact]
    public void Provider_extras_survive_a_serialize_deserialize_round_trip()
    {
        var document = Parse(OriginalExample);
        Set(document, "configurations.chat_provider_config.provider_config.bridge_hint",
            new JsonObject { ["retries"] = 3, ["labels"] = new JsonArray("a", "b") });
        var configuration = Load(document.ToJsonString());

        var reloaded = Load(ConfigurationJson.Serialize(configuration));

        var responses = reloaded.Configurations.LlmProviderConfig.ProviderConfig.Extra!["response_array"];
        Assert.Equal(["This is a canned answer from the fake LLM."],
            responses.EnumerateArray().Select(answer => answer.GetString()));
        var hint = reloaded.Configurations.ChatProviderConfig.ProviderConfig.Extra!["bridge_hint"];
        Assert.Equal(3, hint.GetProperty("retries").GetInt32());
        Assert.Equal(2, hint.GetProperty("labels").GetArrayLength());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(ConfigurationJson.Serialize(configuration)),
            JsonNode.Parse(ConfigurationJson.Serialize(reloaded))));
    }

    [Fact]
    public void A_sparse_original_document_loads_with_every_default_and_serialises_normalised()
    {
        var result = ConfigurationReader.Read(Utf8(SparseOriginal), new LlmOptions());

        Assert.Empty(result.Errors);
        var normalised = JsonNode.Parse(ConfigurationJson.Serialize(result.Configuration!));
        var expected = JsonNode.Parse("""
            {
              "user_id": "sparse_user",
              "configurations": {
                "user_details": { "first_name": "", "last_name": "", "timezone": "UTC", "language_code": "en" },
                "chat_provider_config": {
                  "provider_name": "whatsAppBaileyes",
                  "provider_config": { "allow_group_messages": false, "process_offline_messages": false, "sync_full_history": true }
                },
                "queue_config": { "max_messages": 10, "max_characters": 1000, "max_days": 1, "max_characters_single_message": 300 },
                "context_config": {
                  "max_messages": 10, "max_characters": 1000, "max_days": 1, "max_characters_single_message": 300,
                  "shared_context": true
                },
                "llm_provider_config": {
                  "provider_name": "openAi",
                  "provider_config": {
                    "api_key_source": "environment", "api_key": null, "base_url": null, "model": "gpt-4o", "temperature": 0.7,
                    "reasoning_effort": null, "seed": null, "record_llm_interactions": false
                  }
                }
              },
              "features": {
                "automatic_bot_reply": {
                  "enabled": false, "respond_to_whitelist": [], "respond_to_whitelist_group": [], "chat_system_prompt": "",
                  "reply_mode": "auto", "reply_modes": {}, "takeover_pause_minutes": 30, "draft_expiry_minutes": 60
                },
                "periodic_group_tracking": { "enabled": false, "tracked_groups": [] },
                "kid_phone_safety_tracking": { "enabled": false }
              }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, normalised), normalised!.ToJsonString());
    }

    [Fact]
    public void A_tracked_group_without_a_schedule_gets_the_daily_default()
    {
        var document = Parse(OriginalExample);
        Set(document, "features.periodic_group_tracking.tracked_groups",
            JsonNode.Parse("""[{ "groupIdentifier": "120363000000000001@g.us", "displayName": "Family" }]"""));

        var result = ConfigurationReader.Read(Utf8(document.ToJsonString()), new LlmOptions());

        var group = Assert.Single(result.Configuration!.Features.PeriodicGroupTracking.TrackedGroups);
        Assert.Equal("0 20 * * *", group.CronTrackingSchedule);
    }

    [Fact]
    public void Unknown_members_outside_provider_config_are_dropped_silently()
    {
        var document = Parse(OriginalExample);
        document["legacy_flag"] = true;
        Set(document, "configurations.queue_config.max_bytes", JsonValue.Create(5));
        Set(document, "features.automatic_bot_reply.system", JsonValue.Create("legacy"));

        var result = ConfigurationReader.Read(Utf8(document.ToJsonString()), new LlmOptions());

        Assert.Empty(result.Errors);
        var serialised = ConfigurationJson.Serialize(result.Configuration!);
        Assert.DoesNotContain("legacy_flag", serialised);
        Assert.DoesNotContain("max_bytes", serialised);
        Assert.DoesNotContain("\"system\"", serialised);
    }

    [Fact]
    public void The_legacy_flat_format_is_rejected_with_the_missing_members_named()
    {
        // users_openai.json of the original: no "configurations" level, settings at the root.
        var legacy = """
            { "user_id": "legacy", "respond_to_whitelist": [], "provider_name": "openAi", "model": "gpt-4", "system": "Hi" }
            """;

        var result = ConfigurationReader.Read(Utf8(legacy), new LlmOptions());

        Assert.Null(result.Configuration);
        Assert.Equal(["configurations"], result.Errors.Keys);
        Assert.False(result.IsMalformedJson);
    }

    [Fact]
    public void Tracked_groups_keep_the_original_camel_case_member_names()
    {
        var configuration = Load(Complete());

        using var document = JsonDocument.Parse(ConfigurationJson.Serialize(configuration));
        var group = document.RootElement.GetProperty("features").GetProperty("periodic_group_tracking")
            .GetProperty("tracked_groups")[0];

        Assert.Equal(["groupIdentifier", "cronTrackingSchedule", "displayName"],
            group.EnumerateObject().Select(member => member.Name));
    }
}
