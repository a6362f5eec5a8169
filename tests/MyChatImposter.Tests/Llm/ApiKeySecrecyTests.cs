using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Storage;
using MyChatImposter.Llm;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Pages;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Llm;

// Issue 6: the explicit key never appears in any API response, any page or the log, whichever way it was
// saved and after the bot has used it (successful and refused calls, a whole auto-reply exchange through the
// sandbox and the delivery queue, recorded interactions).
public sealed class ApiKeySecrecyTests : IAsyncLifetime
{
    private const string Key = "sk-proj-NEVER-SHOWN-7a6b5c4d3e2f1a0b";
    private const string PageKey = "sk-proj-PAGE-TYPED-1122334455667788";
    private const string Llm = "configurations.llm_provider_config.provider_config";
    private readonly CapturedLogs _logs = new();
    private readonly ImposterApp _app;
    private FakeOpenAiServer _server = null!;
    private HttpClient _admin = null!;

    public ApiKeySecrecyTests() => _app = new ImposterApp(new Dictionary<string, string>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        // Refusals are not retried, so the fake clock never has to be advanced.
        ["Llm:RetryBaseDelay"] = "00:00:00",
        ["AutoReply:QuietPeriod"] = "00:00:00",
    })
    {
        ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _admin = await _app.AdminClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_key_is_in_no_api_response_no_page_and_no_log_line()
    {
        var seen = new List<(string Where, string Text)>();
        async Task Read(string where, Task<HttpResponseMessage> request) =>
            seen.Add((where, await (await request).Content.ReadAsStringAsync(Ct)));

        // Saved through the API (and once refused for another field, with the key in the body)...
        var document = ConfigurationDocuments.Valid("ann")
            .With("configurations.llm_provider_config.provider_name", "openAi")
            .With(Llm + ".model", "gpt-4o-mini")
            .With(Llm + ".api_key_source", "explicit")
            .With(Llm + ".api_key", Key)
            .With(Llm + ".base_url", _server.BaseUrl.ToString())
            .With(Llm + ".record_llm_interactions", true)
            .With("features.automatic_bot_reply.enabled", true)
            .With("features.automatic_bot_reply.respond_to_whitelist", new JsonArray("+972 50-123-4567"));
        await Read("PUT refused", _admin.PutAsJsonAsync("/api/external/users/ann", document.With("configurations.queue_config.max_messages", 0), Ct));
        await Read("PUT", _admin.PutAsJsonAsync("/api/external/users/ann", document, Ct));
        // ...and through the AI settings page of a second bot.
        await _app.SaveBotAsync(BotPages.Bob);
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{BotPages.Bob}/ai", "ai-settings");
        await Read("AI page refused", form.PostAsync(_admin, ("Input.KeySource", "explicit"), ("Input.ApiKey", PageKey), ("Input.Model", "")));
        await Read("AI page saved", form.PostAsync(_admin, ("Input.KeySource", "explicit"), ("Input.ApiKey", PageKey)));

        // The bot uses the key: a refused call, then an answered one, both recorded.
        var stored = (await _app.Service<IBotConfigurationStore>().GetAsync("ann", Ct))!;
        var client = _app.Service<ILlmClientFactory>().Create("ann", stored.Configurations.LlmProviderConfig);
        _server.Enqueue(FakeAnswer.Status(401));
        await Assert.ThrowsAsync<LlmCallException>(() => client.GetResponseAsync("hello", cancellationToken: Ct));
        await client.GetResponseAsync("hello again", cancellationToken: Ct);
        Assert.Equal("Bearer " + Key, _server.Requests[^1].Authorization);
        // ...and answers Dana through the sandbox: the model is asked with the key, the reply goes out.
        await _app.LinkBotAsync("ann");
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "is the 4th still on?");
        Assert.Equal("Hello from the fake OpenAI server.", Assert.Single(await _app.SentMessagesAsync("ann", 1)).Text);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal("Bearer " + Key, _server.Requests[^1].Authorization);
        // A reload returns once the turn is done, so the memory pages below show the exchange.
        await Read("reload", _admin.PostAsync("/api/external/users/ann/actions/reload", null, Ct));

        foreach (var url in new[]
        {
            "/api/external/users", "/api/external/users/ann", "/api/external/users/bob", "/api/external/users/defaults",
            "/api/external/users/schema", "/api/external/users/status", "/api/external/users/ann/status",
            "/api/external/users/ann/llm-interactions", "/api/external/users/ann/dead-letters", "/api/external/audit",
            "/", "/bots/ann", "/bots/ann/edit", "/bots/ann/ai", "/bots/bob/ai", "/bots/ann/llm-interactions",
            "/bots/ann/delete", "/bots/ann/archive", "/bots/ann/chat", "/audit", "/bots/new",
            "/bots/ann/memory", "/bots/ann/delivery", "/api/external/features/automatic_bot_reply/context/ann",
            "/api/external/features/automatic_bot_reply/queue/ann", "/api/external/users/ann/sandbox/outbound",
        })
        {
            await Read(url, _admin.GetAsync(url, Ct));
        }

        Assert.Contains(seen, entry => entry.Text.Contains("****1a0b", StringComparison.Ordinal));
        Assert.Contains(seen, entry => entry.Where == "/bots/ann/memory" && entry.Text.Contains("is the 4th still on?", StringComparison.Ordinal));
        foreach (var secret in new[] { Key, PageKey, Key[..16], PageKey[..16] })
        {
            Assert.All(seen, entry => Assert.False(entry.Text.Contains(secret, StringComparison.Ordinal), $"{entry.Where} shows the key"));
            Assert.DoesNotContain(secret, _logs.All, StringComparison.Ordinal);
        }
        // The capture saw the framework's own request logging and the LLM layer's, down to Trace.
        Assert.Contains("Request starting HTTP/1.1 PUT http://localhost/api/external/users/ann", _logs.All, StringComparison.Ordinal);
        Assert.Contains("Trace ", _logs.All, StringComparison.Ordinal);
        Assert.Contains("LLM call of ann failed", _logs.All, StringComparison.Ordinal);
        Assert.Contains("Auto-reply of ann queued a reply", _logs.All, StringComparison.Ordinal);
        // Messages, prompts and answers are never logged at Information level or above: ids and counts are.
        Assert.DoesNotContain(_logs.Entries, entry => !entry.StartsWith("Trace ", StringComparison.Ordinal) && !entry.StartsWith("Debug ", StringComparison.Ordinal)
            && (entry.Contains("is the 4th still on?", StringComparison.Ordinal) || entry.Contains("Hello from the fake OpenAI server.", StringComparison.Ordinal)));
    }
}
