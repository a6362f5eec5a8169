using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MyChatImposter.Llm;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Llm;

// Issue 11, hole 2, through the whole host as a regular user meets it: the host's OPENAI_API_KEY only ever
// reaches the operator's endpoint, and a user's base_url only reaches public addresses unless the operator
// allows more. The OpenAI SDK talks to FakeOpenAiServers over real sockets.
public sealed class LlmEgressTests
{
    private const string HostKey = "sk-operator-HOST-KEY-0123456789";
    private const string OwnKey = "sk-user-own-key-9876543210";
    private const string Password = "Ann-Passw0rd!!";
    private const string BaseUrl = "configurations.llm_provider_config.provider_config.base_url";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Ann's auto-reply bot on the openAi provider; base_url null for the host's endpoint.
    private static JsonObject Bot(string keySource, Uri? baseUrl) =>
        AutoReplyBots.Configuration("ann").With("configurations.llm_provider_config", new JsonObject
        {
            ["provider_name"] = "openAi",
            ["provider_config"] = new JsonObject
            {
                ["api_key_source"] = keySource,
                ["api_key"] = keySource == "explicit" ? OwnKey : null,
                ["model"] = "gpt-4o-mini",
                ["base_url"] = baseUrl?.ToString(),
            },
        });

    private static async Task<HttpClient> SignedInAnnAsync(ImposterApp app)
    {
        await app.CreateAccountAsync("ann", Password);
        return await app.SignedInClientAsync("ann", Password);
    }

    private static async Task<string[]> ErrorsAtAsync(HttpResponseMessage response, string field)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"no error at {field}: {problem.RootElement}");
        return [.. messages.EnumerateArray().Select(message => message.GetString()!)];
    }

    [Fact]
    public async Task The_hosts_key_never_reaches_a_base_url_the_user_chose()
    {
        await using var operators = await FakeOpenAiServer.StartAsync();
        await using var users = await FakeOpenAiServer.StartAsync();
        await using var app = new ImposterApp(new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = HostKey,
            ["Llm:DefaultBaseUrl"] = operators.BaseUrl.ToString(),
            // The turn starts at once: the fake clock is never advanced here.
            ["AutoReply:QuietPeriod"] = "00:00:00",
        });
        var ann = await SignedInAnnAsync(app);
        var capture = Bot("environment", users.BaseUrl);

        // Saving is refused beside base_url (allowing private addresses, as this host does, changes nothing).
        var saved = await ann.PutAsJsonAsync("/api/external/users/ann", capture, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, saved.StatusCode);
        Assert.Contains("cannot be used with api_key_source environment", string.Join(" ", await ErrorsAtAsync(saved, BaseUrl)));
        Assert.Null(await app.StoredBotAsync("ann"));

        // Stored anyway, as before the rule: linking is refused beside the same field, and the client factory
        // itself refuses the combination for whatever reaches it without validation.
        await app.SaveBotAsync("ann", capture);
        var linked = await ann.PostAsync("/api/external/users/ann/actions/link", null, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, linked.StatusCode);
        Assert.NotEmpty(await ErrorsAtAsync(linked, BaseUrl));
        var stored = (await app.StoredBotAsync("ann"))!.Configurations.LlmProviderConfig;
        var refused = Assert.Throws<LlmConfigurationException>(() => app.Service<ILlmClientFactory>().Create("ann", stored));
        Assert.Equal(BaseUrl, refused.Field);

        // Without the base_url the same bot answers Dana through the operator's endpoint, with the host's key.
        await ann.SaveAndLinkAsync("ann", Bot("environment", baseUrl: null));
        await ann.WriteAsync("ann", AutoReplyBots.Dana, "is the 4th still on?");
        Assert.Equal("Hello from the fake OpenAI server.", Assert.Single(await app.SentMessagesAsync("ann", 1)).Text);
        Assert.Equal("Bearer " + HostKey, Assert.Single(operators.Requests).Authorization);
        Assert.Empty(users.Requests);
    }

    [Fact]
    public async Task Private_base_urls_are_refused_at_save_unless_the_operator_allows_them()
    {
        string[] privateUrls =
        [
            "http://169.254.169.254/latest/meta-data", "http://10.0.0.7:8000/v1", "http://127.0.0.1:11434/v1",
            "http://[::1]:11434/v1", "http://[::ffff:127.0.0.1]:11434/v1",
        ];
        await using (var strict = new ImposterApp(new Dictionary<string, string> { ["Llm:AllowPrivateBaseUrls"] = "false" }))
        {
            var ann = await SignedInAnnAsync(strict);
            foreach (var url in privateUrls)
            {
                var response = await ann.PutAsJsonAsync("/api/external/users/ann", Bot("explicit", new Uri(url)), Ct);

                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                Assert.Contains("Llm:AllowPrivateBaseUrls", string.Join(" ", await ErrorsAtAsync(response, BaseUrl)));
            }
            Assert.Null(await strict.StoredBotAsync("ann"));
        }

        await using var allowing = new ImposterApp(new Dictionary<string, string> { ["Llm:AllowPrivateBaseUrls"] = "true" });
        var annAllowed = await SignedInAnnAsync(allowing);
        foreach (var url in privateUrls)
        {
            var response = await annAllowed.PutAsJsonAsync("/api/external/users/ann", Bot("explicit", new Uri(url)), Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new Uri(url), new Uri((await allowing.StoredBotAsync("ann"))!.Configurations.LlmProviderConfig.ProviderConfig.BaseUrl!));
        }
    }

    // A name passes validation, and only the connection finds out where it leads: the reply turn fails once,
    // for good, with the reason on the status API and in a dead letter; nothing reaches the server.
    [Fact]
    public async Task A_name_that_leads_to_loopback_fails_the_turn_once_without_reaching_the_server()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var logs = new CapturedLogs();
        await using var app = new ImposterApp(new Dictionary<string, string> { ["Llm:AllowPrivateBaseUrls"] = "false" })
        {
            ConfigureServices = services => services
                .Replace(ServiceDescriptor.Singleton<IHostNameResolver>(new MappedNames { ["llm.internal.test"] = [IPAddress.Loopback] }))
                .AddLogging(logging => logging.AddProvider(logs)),
        };
        var ann = await SignedInAnnAsync(app);

        await ann.SaveAndLinkAsync("ann", Bot("explicit", new Uri($"http://llm.internal.test:{server.Root.Port}/v1")));
        await ann.WriteAsync("ann", AutoReplyBots.Dana, "are you there?");
        // A reload returns once the session's turns are done, the failed one included.
        Assert.Equal(HttpStatusCode.OK, (await ann.ReloadAsync("ann")).StatusCode);

        const string Failure = "The LLM call failed after 1 attempt: base_url leads to a loopback address, which this host does not send requests to; "
            + "its operator can allow such addresses with Llm:AllowPrivateBaseUrls.";
        var status = (await ann.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct))!["configurations"]!.AsArray()
            .Single(entry => (string?)entry!["user_id"] == "ann")!["llm"]!;
        Assert.Equal(("failing", Failure), ((string?)status["state"], (string?)status["last_failure"]));
        var deadLetter = Assert.Single((await ann.GetFromJsonAsync<JsonObject>("/api/external/users/ann/dead-letters", Ct))!["dead_letters"]!.AsArray())!;
        Assert.Contains(Failure, (string?)deadLetter["error"]);
        Assert.Empty(server.Requests);
        Assert.Empty(app.SentMessages("ann"));
        // The operator's log says where it led; the key is in no log line.
        Assert.Contains(logs.Entries, entry => entry.Contains("Refused to connect an LLM request to llm.internal.test", StringComparison.Ordinal)
            && entry.Contains("127.0.0.1, of kind Loopback", StringComparison.Ordinal));
        Assert.DoesNotContain(OwnKey, logs.All, StringComparison.Ordinal);
    }
}

// Host names a test decides the addresses of; any other name is asked of the system's resolver.
public sealed class MappedNames : Dictionary<string, IPAddress[]>, IHostNameResolver
{
    public MappedNames()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    private int _lookups;

    public int Lookups => _lookups;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : new DnsHostNameResolver().ResolveAsync(host, cancellationToken);
    }
}
