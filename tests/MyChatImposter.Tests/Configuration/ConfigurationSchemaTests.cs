using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MyChatImposter.Configuration;
using static MyChatImposter.Tests.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

public sealed class ConfigurationSchemaTests
{
    private const string Llm = "configurations.llm_provider_config.provider_config";

    private static readonly JsonSchema Schema = JsonSchema.FromText(ConfigurationSchema.Create().ToJsonString());

    [Fact]
    public void The_defaults_template_conforms() =>
        AssertConforms(ConfigurationJson.Serialize(DefaultConfiguration.Template));

    [Fact]
    public void The_original_example_conforms() => AssertConforms(OriginalExample);

    [Fact]
    public void The_sparse_original_conforms() => AssertConforms(SparseOriginal);

    [Fact]
    public void The_complete_document_conforms() => AssertConforms(Complete());

    [Fact]
    public void An_explicit_key_conforms()
    {
        var document = Parse(Complete());
        Set(document, Llm + ".api_key_source", JsonValue.Create("explicit"));
        Set(document, Llm + ".api_key", JsonValue.Create("sk-test"));

        AssertConforms(document.ToJsonString());
    }

    [Theory]
    [InlineData("configurations.queue_config.max_messages", "\"5\"")]
    [InlineData("configurations.queue_config.max_messages", "0")]
    [InlineData("configurations.queue_config.max_messages", "1001")]
    [InlineData("configurations.context_config.max_messages", "2")]
    [InlineData("features.automatic_bot_reply.enabled", "\"true\"")]
    [InlineData("user_id", "\"not valid\"")]
    [InlineData("user_id", "null")]
    [InlineData(Llm + ".temperature", "2.5")]
    [InlineData(Llm + ".model", "\"\"")]
    [InlineData(Llm + ".reasoning_effort", "\"extreme\"")]
    [InlineData(Llm + ".seed", "1.5")]
    [InlineData(Llm + ".api_key_source", "\"explicit\"")]
    [InlineData("features.periodic_group_tracking.tracked_groups[0].displayName", "\"\"")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist[0]", "null")]
    public void Documents_with_a_wrong_type_or_out_of_range_value_do_not_conform(string path, string value) =>
        Assert.False(Evaluate(CompleteWith(path, value)).IsValid);

    [Theory]
    [InlineData("user_id")]
    [InlineData("configurations.chat_provider_config")]
    [InlineData(Llm + ".model")]
    [InlineData("features.periodic_group_tracking.tracked_groups[0].groupIdentifier")]
    public void Documents_missing_a_required_member_do_not_conform(string path) =>
        Assert.False(Evaluate(CompleteWithout(path)).IsValid);

    [Fact]
    public void The_llm_settings_are_a_choice_between_two_key_sources()
    {
        var branches = LlmSettings()["oneOf"]!.AsArray().Select(branch => branch!.AsObject()).ToList();

        Assert.Equal(["API Key From Environment", "API Key From User Input"], branches.Select(branch => (string)branch["title"]!));
        var (environment, user) = (branches[0], branches[1]);
        Assert.Equal("environment", (string?)environment["properties"]!["api_key_source"]!["const"]);
        Assert.Null(environment["properties"]!["api_key"]);
        Assert.Equal(["model"], Strings(environment["required"]));
        Assert.Equal("explicit", (string?)user["properties"]!["api_key_source"]!["const"]);
        Assert.Equal("string", (string?)user["properties"]!["api_key"]!["type"]);
        Assert.Equal(1, (int?)user["properties"]!["api_key"]!["minLength"]);
        Assert.Equal(["api_key_source", "api_key", "model"], Strings(user["required"]));
    }

    [Theory]
    [InlineData("reasoning_effort")]
    [InlineData("seed")]
    public void Optional_llm_settings_offer_defined_and_undefined_options(string name)
    {
        foreach (var branch in LlmSettings()["oneOf"]!.AsArray())
        {
            var options = branch!["properties"]![name]!["anyOf"]!.AsArray();

            Assert.Equal(["Defined", "Undefined"], options.Select(option => (string)option!["title"]!));
            Assert.Equal("null", (string?)options[1]!["type"]);
        }
    }

    [Fact]
    public void A_defined_reasoning_effort_defaults_to_minimal()
    {
        var defined = LlmSettings()["oneOf"]![0]!["properties"]!["reasoning_effort"]!["anyOf"]![0]!;

        Assert.Equal("minimal", (string?)defined["default"]);
        Assert.Equal(["minimal", "low", "medium", "high"], Strings(defined["enum"]));
    }

    [Theory]
    [InlineData("configurations", "General Configurations")]
    [InlineData("features", "Feature Configurations")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist", "Respond To Direct Contact Whitelist")]
    [InlineData("features.periodic_group_tracking.tracked_groups[].cronTrackingSchedule", "Cron Schedule")]
    [InlineData("features.periodic_group_tracking.tracked_groups[].groupIdentifier", "Group Identifier")]
    [InlineData("user_id", "User Id")]
    [InlineData("configurations.queue_config.max_characters_single_message", "Max Characters Single Message")]
    public void Members_carry_titles(string path, string title) => Assert.Equal(title, (string?)At(path)["title"]);

    [Fact]
    public void Record_llm_interactions_is_titled_record_traffic_in_both_branches()
    {
        foreach (var branch in LlmSettings()["oneOf"]!.AsArray())
        {
            Assert.Equal("Record Traffic", (string?)branch!["properties"]!["record_llm_interactions"]!["title"]);
        }
    }

    [Theory]
    [InlineData("configurations.queue_config.max_messages", "10")]
    [InlineData("configurations.context_config.shared_context", "true")]
    [InlineData("configurations.user_details.timezone", "\"UTC\"")]
    [InlineData("features.periodic_group_tracking.tracked_groups[].cronTrackingSchedule", "\"0 20 * * *\"")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist", "[]")]
    public void Members_carry_their_defaults(string path, string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), At(path)["default"]));

    [Fact]
    public void Required_members_have_no_default()
    {
        Assert.Null(At("user_id")["default"]);
        Assert.Null(At("configurations.chat_provider_config.provider_name")["default"]);
    }

    [Fact]
    public void Validated_bounds_are_published()
    {
        Assert.Equal("^[a-zA-Z0-9_-]+$", (string?)At("user_id")["pattern"]);
        Assert.Equal(64, (int?)At("user_id")["maxLength"]);
        Assert.Equal(3, (int?)At("configurations.context_config.max_messages")["minimum"]);
        Assert.Equal(1000, (int?)At("configurations.context_config.max_messages")["maximum"]);
        Assert.Equal(500, (int?)At("features.automatic_bot_reply.respond_to_whitelist")["maxItems"]);
        Assert.Equal(200, (int?)At("features.automatic_bot_reply.respond_to_whitelist")["items"]!["maxLength"]);
        Assert.Equal(100, (int?)At("features.periodic_group_tracking.tracked_groups")["maxItems"]);
    }

    [Fact]
    public void The_root_names_the_dialect_and_lists_required_members()
    {
        var schema = ConfigurationSchema.Create();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.Equal(["user_id", "configurations"], Strings(schema["required"]));
        Assert.Equal(["chat_provider_config", "llm_provider_config"], Strings(At("configurations")["required"]));
    }

    [Fact]
    public void Each_call_returns_an_independent_document()
    {
        var first = ConfigurationSchema.Create();
        first["title"] = "changed";

        Assert.Equal("User Configuration", (string?)ConfigurationSchema.Create()["title"]);
    }

    private static void AssertConforms(string json)
    {
        var results = Evaluate(json);
        Assert.True(results.IsValid, JsonSerializer.Serialize(results));
    }

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static JsonObject LlmSettings() => At("configurations.llm_provider_config.provider_config");

    // "a.b[].c": properties a, b, then b's items, then c.
    private static JsonObject At(string path)
    {
        JsonNode node = ConfigurationSchema.Create();
        foreach (var part in path.Split('.'))
        {
            var name = part.TrimEnd('[', ']');
            node = node["properties"]![name]!;
            if (part.EndsWith("[]", StringComparison.Ordinal))
            {
                node = node["items"]!;
            }
        }
        return node.AsObject();
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(item => (string)item!)];
}
