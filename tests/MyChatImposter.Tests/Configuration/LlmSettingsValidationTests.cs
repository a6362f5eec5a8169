using System.Text.Json.Nodes;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using static MyChatImposter.Tests.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

// The LLM settings' own rules: base_url (its form, and where the host lets it lead), extras the request
// sets itself, the stored (encrypted) key's length.
public sealed class LlmSettingsValidationTests
{
    private const string Llm = "configurations.llm_provider_config.provider_config";
    private const string BaseUrl = Llm + ".base_url";
    private static readonly LlmOptions Strict = new();
    private static readonly LlmOptions AllowingPrivate = new() { AllowPrivateBaseUrls = true };

    private static IReadOnlyDictionary<string, string[]> Errors(string path, string jsonValue, LlmOptions? options = null) =>
        ConfigurationValidator.Validate(Load(CompleteWith(path, jsonValue)), options ?? Strict);

    // A base URL with the bot's own key: the only key a server of the user's choosing may get.
    private static IReadOnlyDictionary<string, string[]> OwnKeyErrors(string baseUrl, LlmOptions? options = null)
    {
        var document = Parse(Complete());
        Set(document, Llm + ".api_key_source", JsonValue.Create("explicit"));
        Set(document, Llm + ".api_key", JsonValue.Create("sk-own-key-0123456789"));
        Set(document, BaseUrl, JsonNode.Parse(baseUrl));
        return ConfigurationValidator.Validate(Load(document.ToJsonString()), options ?? Strict);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"https://gateway.example.com/openai/v1/\"")]
    [InlineData("\"http://8.8.8.8:8000\"")]
    [InlineData("\"http://[2606:4700::1111]/v1\"")]
    public void A_base_url_may_be_absent_or_any_absolute_http_url_of_a_public_server(string value) =>
        Assert.Empty(OwnKeyErrors(value));

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
        var error = Assert.Single(OwnKeyErrors(value));

        Assert.Equal(BaseUrl, error.Key);
        Assert.Contains(expected, string.Join(" ", error.Value));
    }

    // Issue 11: the host's key would go wherever the user pointed base_url.
    [Fact]
    public void A_base_url_of_the_users_own_with_the_hosts_key_is_refused_beside_base_url()
    {
        var error = Assert.Single(Errors(BaseUrl, "\"https://gateway.example.com/v1\"", AllowingPrivate));

        Assert.Equal(BaseUrl, error.Key);
        Assert.Contains("cannot be used with api_key_source environment", string.Join(" ", error.Value));
        Assert.Contains("api_key_source explicit", string.Join(" ", error.Value));
    }

    [Theory]
    [InlineData("https://api.openai.com/v1")]
    [InlineData("https://API.openai.com/v1/")]
    [InlineData("https://api.openai.com:443/v1")]
    public void The_hosts_own_endpoint_spelled_out_is_fine_with_the_hosts_key(string baseUrl) =>
        Assert.Empty(Errors(BaseUrl, JsonValue.Create(baseUrl).ToJsonString()));

    [Theory]
    [InlineData("http://169.254.169.254/latest", "a cloud metadata service address")]
    [InlineData("http://10.1.2.3/v1", "a private-network address")]
    [InlineData("http://127.0.0.1:11434/v1", "a loopback address")]
    [InlineData("http://2130706433/v1", "a loopback address")]
    [InlineData("http://[::1]:11434/v1", "a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]/v1", "a loopback address")]
    [InlineData("http://[fd00:ec2::254]/", "a cloud metadata service address")]
    [InlineData("http://100.64.0.1/v1", "a carrier-grade NAT")]
    [InlineData("http://localhost:11434/v1", "a loopback address")]
    [InlineData("http://ollama.localhost/v1", "a loopback address")]
    public void A_base_url_at_a_non_public_address_is_refused_unless_the_operator_allows_it(string baseUrl, string kind)
    {
        var json = JsonValue.Create(baseUrl).ToJsonString();

        var error = Assert.Single(OwnKeyErrors(json));

        Assert.Equal(BaseUrl, error.Key);
        Assert.Contains(kind, string.Join(" ", error.Value));
        Assert.Contains("Llm:AllowPrivateBaseUrls", string.Join(" ", error.Value));
        Assert.Empty(OwnKeyErrors(json, AllowingPrivate));
    }

    // The operator's endpoint is the operator's choice, wherever it is (a gateway on the private network).
    [Fact]
    public void The_hosts_own_endpoint_may_be_a_private_address()
    {
        var options = new LlmOptions { DefaultBaseUrl = new Uri("http://10.0.0.5:4000/v1") };

        Assert.Empty(Errors(BaseUrl, "\"http://10.0.0.5:4000/v1\"", options));
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
