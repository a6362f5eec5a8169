using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using ReasoningEffort = MyChatImposter.Configuration.ReasoningEffort;

namespace MyChatImposter.Tests.Llm;

// The openAi provider through the real OpenAI SDK against FakeOpenAiServer: what goes over the wire.
public sealed class OpenAiProviderTests() : FakeServerTest(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-from-the-environment-42" })
{
    private async Task<RecordedRequest> AskAsync(LlmProviderConfig settings, string question = "Hi there")
    {
        var client = Host.Factory.Create("ann", settings);
        var answer = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "You are ann."), new ChatMessage(ChatRole.User, question)],
            cancellationToken: Ct);
        Assert.Equal("Hello from the fake OpenAI server.", answer.Text);
        return Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task The_request_carries_the_configured_model_temperature_seed_and_reasoning_effort()
    {
        var request = await AskAsync(LlmSettings.OpenAi(Server, model: "gpt-5-mini").WithSettings(settings => settings with
        {
            Temperature = 0.3,
            Seed = 1234,
            ReasoningEffort = ReasoningEffort.Minimal,
        }), question: "What time is it?");

        Assert.Equal("gpt-5-mini", request.Model);
        Assert.Equal(0.3, request.Body["temperature"]!.GetValue<double>(), precision: 5);
        Assert.Equal(1234, request.Body["seed"]!.GetValue<long>());
        Assert.Equal("minimal", (string?)request.Body["reasoning_effort"]);
        Assert.Equal([("system", "You are ann."), ("user", "What time is it?")], request.Messages);
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, "low")]
    [InlineData(ReasoningEffort.Medium, "medium")]
    [InlineData(ReasoningEffort.High, "high")]
    public async Task Each_reasoning_effort_is_sent_as_the_document_spells_it(ReasoningEffort effort, string wire)
    {
        var request = await AskAsync(LlmSettings.OpenAi(Server).WithSettings(settings => settings with { ReasoningEffort = effort }));

        Assert.Equal(wire, (string?)request.Body["reasoning_effort"]);
    }

    [Fact]
    public async Task A_null_seed_and_reasoning_effort_are_left_out_of_the_request()
    {
        var request = await AskAsync(LlmSettings.OpenAi(Server));

        Assert.False(request.Body.ContainsKey("seed"));
        Assert.False(request.Body.ContainsKey("reasoning_effort"));
        Assert.Equal(0.7, request.Body["temperature"]!.GetValue<double>(), precision: 5);
    }

    [Fact]
    public async Task Extra_provider_settings_pass_through_unchanged_except_the_fake_providers_answers()
    {
        var extra = new Dictionary<string, JsonElement>
        {
            ["max_tokens"] = JsonSerializer.SerializeToElement(50),
            ["top_p"] = JsonSerializer.SerializeToElement(0.5),
            ["user"] = JsonSerializer.SerializeToElement("ann-bot"),
            ["logit_bias"] = JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["50256"] = -100 }),
            ["response_array"] = JsonSerializer.SerializeToElement(new[] { "canned" }),
        };

        var request = await AskAsync(LlmSettings.OpenAi(Server).WithSettings(settings => settings with { Extra = extra }));

        Assert.Equal(50, request.Body["max_tokens"]!.GetValue<int>());
        Assert.Equal(0.5, request.Body["top_p"]!.GetValue<double>());
        Assert.Equal("ann-bot", (string?)request.Body["user"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"50256": -100}"""), request.Body["logit_bias"]));
        Assert.False(request.Body.ContainsKey("response_array"));
    }

    [Fact]
    public async Task The_base_url_decides_where_the_request_goes_with_or_without_v1()
    {
        var withV1 = await AskAsync(LlmSettings.OpenAi(Server));
        Assert.Equal("/v1/chat/completions", withV1.Path);

        var client = Host.Factory.Create("ann", LlmSettings.OpenAi(Server).WithSettings(settings => settings with { BaseUrl = Server.Root.ToString() }));
        await client.GetResponseAsync("Hello", cancellationToken: Ct);

        Assert.Equal("/chat/completions", Server.Requests[1].Path);
    }

    [Fact]
    public async Task An_explicit_key_is_sent_as_the_bearer_token()
    {
        var request = await AskAsync(LlmSettings.OpenAi(Server));

        Assert.Equal("Bearer sk-test-explicit-0123456789abcdef", request.Authorization);
    }

    [Fact]
    public async Task A_key_stored_encrypted_is_decrypted_for_the_request_only()
    {
        var bot = ConfigurationJson.Deserialize(ConfigurationDocuments.Valid("ann").ToJsonString());
        var typed = bot with
        {
            Configurations = bot.Configurations with { LlmProviderConfig = LlmSettings.OpenAi(Server) },
        };
        var stored = Host.Service<ApiKeyProtector>().ForStorage(typed, stored: null).Configuration!.Configurations.LlmProviderConfig;
        Assert.True(StoredApiKey.IsProtected(stored.ProviderConfig.ApiKey));

        var request = await AskAsync(stored);

        Assert.Equal("Bearer sk-test-explicit-0123456789abcdef", request.Authorization);
    }

    [Fact]
    public async Task The_environment_source_sends_OPENAI_API_KEY_to_the_hosts_endpoint_and_ignores_a_stored_key()
    {
        var request = await AskAsync(LlmSettings.OpenAi(Server).WithSettings(settings => settings with
        {
            ApiKeySource = ApiKeySource.Environment,
            ApiKey = "sk-stored-but-not-used-0000",
            BaseUrl = null,
        }));

        Assert.Equal("Bearer sk-from-the-environment-42", request.Authorization);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("OpenAI")]
    [InlineData("openAi")]
    public async Task The_provider_name_and_its_aliases_all_reach_OpenAI(string name)
    {
        var request = await AskAsync(LlmSettings.OpenAi(Server) with { ProviderName = name });

        Assert.Equal("gpt-4o-mini", request.Model);
    }

    [Fact]
    public async Task A_streamed_answer_arrives_in_parts_that_make_the_whole_text()
    {
        var client = Host.Factory.Create("ann", LlmSettings.OpenAi(Server));
        var parts = new List<string>();

        await foreach (var update in client.GetStreamingResponseAsync("Hello", cancellationToken: Ct))
        {
            if (update.Text.Length > 0)
            {
                parts.Add(update.Text);
            }
        }

        Assert.True(parts.Count >= 2, $"expected several parts, got {parts.Count}");
        Assert.Equal("Hello from the fake OpenAI server.", string.Concat(parts));
        Assert.True(Assert.Single(Server.Requests).Body["stream"]!.GetValue<bool>());
    }
}
