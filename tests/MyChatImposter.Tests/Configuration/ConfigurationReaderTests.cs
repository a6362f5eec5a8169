using System.Text;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using static MyChatImposter.Tests.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

public sealed class ConfigurationReaderTests
{
    private const string Llm = "configurations.llm_provider_config.provider_config";
    private const string Groups = "features.periodic_group_tracking.tracked_groups";

    [Fact]
    public void A_valid_document_is_returned_without_errors()
    {
        var result = ConfigurationReader.Read(Utf8(Complete()), new LlmOptions());

        Assert.NotNull(result.Configuration);
        Assert.Empty(result.Errors);
        Assert.False(result.IsMalformedJson);
    }

    [Fact]
    public void A_leading_byte_order_mark_is_accepted()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Utf8(Complete())).ToArray();

        Assert.NotNull(ConfigurationReader.Read(body, new LlmOptions()).Configuration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"user_id\": }")]
    [InlineData("{\"user_id\": \"a\",}")]
    [InlineData("// comment\n{}")]
    [InlineData("{\"user_id\": \"a\"} {}")]
    [InlineData("nul")]
    [InlineData("{'user_id': 'a'}")]
    public void Malformed_json_is_one_error_at_the_root(string body)
    {
        var result = ConfigurationReader.Read(Utf8(body), new LlmOptions());

        Assert.True(result.IsMalformedJson);
        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Key);
        Assert.StartsWith("is not valid JSON", Assert.Single(error.Value));
    }

    [Fact]
    public void Invalid_utf8_is_malformed_json()
    {
        byte[] body = [.. "{\"user_id\": \""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.True(ConfigurationReader.Read(body, new LlmOptions()).IsMalformedJson);
    }

    [Fact]
    public void A_string_holding_an_unpaired_surrogate_is_an_error_at_its_path()
    {
        // Spliced in as text: JsonNode itself refuses to hold such a string.
        var body = CompleteWith(Llm + ".model", "\"gpt-surrogate\"").Replace("-surrogate", "\\udc00");

        var result = ConfigurationReader.Read(Utf8(body), new LlmOptions());

        AssertOnlyError(result, Llm + ".model", "unpaired");
    }

    [Fact]
    public void A_member_name_holding_an_unpaired_surrogate_is_malformed_json()
    {
        var result = ConfigurationReader.Read(Utf8("""{ "user_id": "a", "\udc00": 1 }"""), new LlmOptions());

        Assert.True(result.IsMalformedJson);
    }

    [Theory]
    [InlineData("[]", "must be an object, not an array")]
    [InlineData("null", "must be an object, not null")]
    [InlineData("5", "must be an object, not the number 5")]
    [InlineData("\"config\"", "must be an object, not the string \"config\"")]
    public void A_root_that_is_not_an_object_is_an_error_at_the_root(string body, string expected)
    {
        var result = ConfigurationReader.Read(Utf8(body), new LlmOptions());

        Assert.False(result.IsMalformedJson);
        AssertOnlyError(result, "$", expected);
    }

    [Theory]
    [InlineData("configurations.queue_config.max_messages", "\"5\"", "must be a whole number, not the string \"5\"")]
    [InlineData("configurations.queue_config.max_messages", "5.5", "must be a whole number, not the number 5.5")]
    [InlineData("configurations.queue_config.max_messages", "10000000000", "must be a whole number")]
    [InlineData("configurations.queue_config.max_messages", "true", "must be a whole number, not a boolean")]
    [InlineData("features.automatic_bot_reply.enabled", "\"true\"", "must be true or false, not the string \"true\"")]
    [InlineData("features.automatic_bot_reply.enabled", "1", "must be true or false")]
    [InlineData("user_id", "{}", "must be a string, not an object")]
    [InlineData("configurations.user_details.first_name", "[\"a\"]", "must be a string, not an array")]
    [InlineData("configurations.user_details", "\"UTC\"", "must be an object, not the string \"UTC\"")]
    [InlineData("configurations.chat_provider_config.provider_config", "[]", "must be an object, not an array")]
    [InlineData(Llm + ".temperature", "\"0.7\"", "must be a number")]
    [InlineData(Llm + ".api_key_source", "1", "must be one of \"environment\", \"explicit\"")]
    [InlineData(Llm + ".api_key_source", "\"Explicit\"", "must be one of \"environment\", \"explicit\"")]
    [InlineData(Llm + ".reasoning_effort", "\"extreme\"", "must be one of \"minimal\", \"low\", \"medium\", \"high\" or null")]
    [InlineData(Llm + ".seed", "\"42\"", "must be a whole number or null")]
    [InlineData(Llm + ".api_key", "42", "must be a string or null")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist", "\"972500000001@s.whatsapp.net\"", "must be an array, not the string")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist[0]", "972500000001", "must be a string, not the number 972500000001")]
    [InlineData(Groups, "{}", "must be an array, not an object")]
    [InlineData(Groups + "[1]", "\"120363000000000002@g.us\"", "must be an object")]
    [InlineData(Groups + "[0].cronTrackingSchedule", "[0, 20]", "must be a string, not an array")]
    public void Wrong_json_types_are_errors_at_their_path(string path, string value, string expected)
    {
        var result = ConfigurationReader.Read(Utf8(CompleteWith(path, value)), new LlmOptions());

        Assert.False(result.IsMalformedJson);
        AssertOnlyError(result, path, expected);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("configurations")]
    [InlineData("configurations.user_details")]
    [InlineData("configurations.user_details.timezone")]
    [InlineData("configurations.queue_config")]
    [InlineData("configurations.queue_config.max_messages")]
    [InlineData("configurations.context_config.shared_context")]
    [InlineData("configurations.chat_provider_config.provider_name")]
    [InlineData("configurations.chat_provider_config.provider_config")]
    [InlineData("configurations.chat_provider_config.provider_config.allow_group_messages")]
    [InlineData(Llm)]
    [InlineData(Llm + ".model")]
    [InlineData(Llm + ".temperature")]
    [InlineData(Llm + ".api_key_source")]
    [InlineData("features")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist")]
    [InlineData("features.automatic_bot_reply.respond_to_whitelist[0]")]
    [InlineData(Groups)]
    [InlineData(Groups + "[1]")]
    [InlineData(Groups + "[0].displayName")]
    [InlineData(Groups + "[0].cronTrackingSchedule")]
    public void Explicit_null_where_a_value_is_required_is_an_error_at_its_path(string path)
    {
        var result = ConfigurationReader.Read(Utf8(CompleteWith(path, "null")), new LlmOptions());

        AssertOnlyError(result, path, "must not be null");
    }

    [Theory]
    [InlineData(Llm + ".api_key")]
    [InlineData(Llm + ".seed")]
    [InlineData(Llm + ".reasoning_effort")]
    public void Explicit_null_is_accepted_where_the_document_allows_it(string path) =>
        Assert.NotNull(ConfigurationReader.Read(Utf8(CompleteWith(path, "null")), new LlmOptions()).Configuration);

    [Theory]
    [InlineData("user_id")]
    [InlineData("configurations")]
    [InlineData("configurations.chat_provider_config")]
    [InlineData("configurations.chat_provider_config.provider_name")]
    [InlineData("configurations.chat_provider_config.provider_config")]
    [InlineData("configurations.llm_provider_config")]
    [InlineData("configurations.llm_provider_config.provider_name")]
    [InlineData(Llm)]
    [InlineData(Llm + ".model")]
    [InlineData(Groups + "[1].groupIdentifier")]
    [InlineData(Groups + "[1].displayName")]
    public void A_missing_required_member_is_named_under_its_parent(string path)
    {
        var result = ConfigurationReader.Read(Utf8(CompleteWithout(path)), new LlmOptions());

        AssertOnlyError(result, path, "is required");
    }

    [Theory]
    [InlineData("configurations.user_details")]
    [InlineData("configurations.queue_config")]
    [InlineData("configurations.context_config.max_days")]
    [InlineData(Llm + ".temperature")]
    [InlineData("features")]
    [InlineData(Groups + "[1].cronTrackingSchedule")]
    public void Members_with_defaults_may_be_left_out(string path) =>
        Assert.NotNull(ConfigurationReader.Read(Utf8(CompleteWithout(path)), new LlmOptions()).Configuration);

    [Fact]
    public void Every_structural_error_is_reported_at_once()
    {
        var body = """
            {
              "user_id": null,
              "configurations": {
                "queue_config": { "max_messages": "5" },
                "chat_provider_config": { "provider_name": "dummy", "provider_config": {} },
                "llm_provider_config": { "provider_name": "fakeLlm", "provider_config": { "temperature": "hot" } }
              },
              "features": { "periodic_group_tracking": { "tracked_groups": [ { "displayName": "Family" }, null ] } }
            }
            """;

        var result = ConfigurationReader.Read(Utf8(body), new LlmOptions());

        Assert.Equal(
            [
                "configurations.llm_provider_config.provider_config.model",
                "configurations.llm_provider_config.provider_config.temperature",
                "configurations.queue_config.max_messages",
                Groups + "[0].groupIdentifier",
                Groups + "[1]",
                "user_id",
            ],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null(result.Configuration);
    }

    [Fact]
    public void Rule_violations_come_back_after_the_document_parses()
    {
        var result = ConfigurationReader.Read(Utf8(CompleteWith("configurations.queue_config.max_messages", "0")), new LlmOptions());

        Assert.False(result.IsMalformedJson);
        AssertOnlyError(result, "configurations.queue_config.max_messages", "between 1 and 1000");
    }

    [Fact]
    public void Extras_inside_provider_config_may_hold_any_json()
    {
        var result = ConfigurationReader.Read(Utf8(CompleteWith(Llm + ".max_tokens", "null")), new LlmOptions());

        Assert.NotNull(result.Configuration);
        Assert.True(result.Configuration.Configurations.LlmProviderConfig.ProviderConfig.Extra!.ContainsKey("max_tokens"));
    }

    private static void AssertOnlyError(ConfigurationReadResult result, string path, string expected)
    {
        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Key);
        Assert.Contains(expected, string.Join(" ", error.Value));
    }
}
