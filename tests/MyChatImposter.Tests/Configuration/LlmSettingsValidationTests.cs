using System.Text.Json.Nodes;
using MyChatImposter.Configuration;
using static MyChatImposter.Tests.Configuration.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

// The LLM settings' own rules: base_url, extras the request sets itself, the stored (encrypted) key's length.
public sealed class LlmSettingsValidationTests
{
    private const string Llm = "configurations.llm_provider_config.provider_config";

    private static IReadOnlyDictionary<string, string[]> Errors(string path, string jsonValue) =>
        ConfigurationValidator.Validate(Load(CompleteWith(path, jsonValue)));

    [Theory]
    [InlineData("null")]
    [InlineData("\"http://localhost:11434/v1\"")]
    [InlineData("\"https://gateway.example.com/openai/v1/\"")]
    [InlineData("\"http://127.0.0.1:8000\"")]
    public void A_base_url_may_be_absent_or_any_absolute_http_url(string value) =>
        Assert.Empty(Errors(Llm + ".base_url", value));

    [Theory]
    [InlineData("\"localhost:11434/v1\"", "absolute http or https URL")]
    [InlineData("\"/v1\"", "absolute http or https URL")]
    [InlineData("\"ftp://example.com/v1\"", "absolute http or https URL")]
    [InlineData("\"file:///etc/passwd\"", "absolute http or https URL")]
    [InlineData("\"\"", "absolute http or https URL")]
    [InlineData("\"https://user:secret@example.com/v1\"", "must not carry a user name")]
    [InlineData("\"https://example.com/v1?key=sk-123\"", "must not carry a user name")]
    public void A_base_url_that_is_not_an_absolute_http_url_is_refused_beside_the_field(string value, string expected)
    {
        var error = Assert.Single(Errors(Llm + ".base_url", value));

        Assert.Equal(Llm + ".base_url", error.Key);
        Assert.Contains(expected, string.Join(" ", error.Value));
    }

    [Fact]
    public void A_base_url_longer_than_2000_characters_is_refused()
    {
        var error = Assert.Single(Errors(Llm + ".base_url", JsonValue.Create("https://example.com/" + new string('a', 1990)).ToJsonString()));

        Assert.Contains("at most 2000 characters", string.Join(" ", error.Value));
    }

    [Theory]
    [InlineData("messages")]
    [InlineData("stream")]
    [InlineData("stream_options")]
    public void Extras_that_each_call_sets_itself_are_refused(string name)
    {
        var path = $"{Llm}.{name}";

        var error = Assert.Single(Errors(path, "true"));

        Assert.Equal(path, error.Key);
        Assert.Contains("set by each call", string.Join(" ", error.Value));
    }

    [Fact]
    public void Other_extras_such_as_max_tokens_pass() => Assert.Empty(Errors(Llm + ".max_tokens", "50"));

    [Fact]
    public void A_stored_encrypted_key_may_be_longer_than_a_typed_one_but_not_unbounded()
    {
        var stored = StoredApiKey.ProtectedPrefix + new string('A', 1_200);
        Assert.Empty(Errors(Llm + ".api_key", JsonValue.Create(stored).ToJsonString()));

        var oversized = StoredApiKey.ProtectedPrefix + new string('A', 2_000);
        Assert.Contains("at most 2000 characters", string.Join(" ", Assert.Single(Errors(Llm + ".api_key", JsonValue.Create(oversized).ToJsonString())).Value));
        Assert.Contains("at most 500 characters", string.Join(" ", Assert.Single(Errors(Llm + ".api_key", JsonValue.Create(new string('k', 1_200)).ToJsonString())).Value));
    }

    [Fact]
    public void The_schema_offers_base_url_in_both_key_branches_with_the_typed_key_bound()
    {
        var settings = ConfigurationSchema.Create()["properties"]!["configurations"]!["properties"]!["llm_provider_config"]!["properties"]!["provider_config"]!;

        foreach (var branch in settings["oneOf"]!.AsArray())
        {
            Assert.Equal("Base URL", (string?)branch!["properties"]!["base_url"]!["title"]);
            Assert.Equal(2000, (int?)branch["properties"]!["base_url"]!["maxLength"]);
        }
        Assert.Equal(500, (int?)settings["oneOf"]![1]!["properties"]!["api_key"]!["maxLength"]);
    }
}
