using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyChatImposter.Delivery;
using MyChatImposter.Llm;
using MyChatImposter.Tests.Accounts;

namespace MyChatImposter.Tests.AutoReply;

// Auto-reply end to end: people write through the sandbox API, the real pipeline hands their messages to the
// feature, and replies reach the delivery queue. Replies start at once here (AutoReply:QuietPeriod 0) unless
// a test says otherwise; unlinking drains the session, so after it nothing more can be sent.
public sealed class AutoReplySandboxTests : IAsyncLifetime
{
    private readonly TestLlm _llm = new();
    private readonly RecordingDeliveryQueue _delivery = new();
    private ImposterApp _app = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => StartAsync(new Dictionary<string, string> { ["AutoReply:QuietPeriod"] = "00:00:00" });

    private async ValueTask StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        _app = AutoReplyBots.App(_llm, _delivery, settings);
        _admin = await _app.AdminClientAsync();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static OutboundMessage ReplyTo(string recipient, string text) => new("ann", recipient, new TextContent(text), "auto_reply");

    [Fact]
    public async Task A_whitelisted_contact_gets_one_reply_with_the_models_answer()
    {
        _llm.Client.AutoAnswer = _ => "Hi Dana, yes I'll be there";
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));

        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "are you coming tonight?");

        Assert.Equal(ReplyTo(AutoReplyBots.Dana, "Hi Dana, yes I'll be there"), await _delivery.NextAsync());
        Assert.Equal(["You are ann. Answer briefly.", "Dana: are you coming tonight?"], Assert.Single(_llm.Client.Calls).Texts);
        var (userId, settings) = Assert.Single(_llm.Created);
        Assert.Equal(("ann", "fakeLlm", "fake"), (userId, settings.ProviderName, settings.ProviderConfig.Model));
        await _admin.UnlinkAsync("ann");
        Assert.Single(_delivery.Enqueued);
    }

    [Fact]
    public async Task A_stranger_gets_no_reply()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));

        await _admin.WriteAsync("ann", "972509999999@s.whatsapp.net", "hello, who is this?", displayName: "Mallory");
        await _admin.UnlinkAsync("ann");

        Assert.Empty(_llm.Client.Calls);
        Assert.Empty(_delivery.Enqueued);
    }

    [Fact]
    public async Task In_groups_only_a_whitelisted_group_is_answered_and_the_reply_goes_to_the_group()
    {
        _llm.Client.AutoAnswer = _ => "I'll bring the cake";
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));

        // Dana is whitelisted for direct chats, which does not open the Work group to the bot.
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "standup in 5", group: new { id = "120363099999999999@g.us", name = "Work" });
        await _admin.WriteAsync("ann", "972508888888@s.whatsapp.net", "who brings the cake?", displayName: "Mum",
            group: new { id = "120363041234567890@g.us", name = "Family" });
        await _admin.UnlinkAsync("ann");

        Assert.Equal([ReplyTo("120363041234567890@g.us", "I'll bring the cake")], _delivery.Enqueued);
        Assert.Equal("Mum: who brings the cake?", Assert.Single(_llm.Client.Calls).Texts[^1]);
    }

    [Fact]
    public async Task Two_quick_messages_get_one_reply_covering_both()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));

        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "hi");
        var first = await _llm.Client.NextCallAsync();
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "are you free tonight?");
        // The second message discards the draft being generated; the next turn answers both.
        await first.CancelledAsync();
        var second = await _llm.Client.NextCallAsync();
        second.Answer("Hi! Yes, after 7");

        Assert.Equal(ReplyTo(AutoReplyBots.Dana, "Hi! Yes, after 7"), await _delivery.NextAsync());
        Assert.Equal(["You are ann. Answer briefly.", "Dana: hi", "Dana: are you free tonight?"], second.Texts);
        await _admin.UnlinkAsync("ann");
        Assert.Single(_delivery.Enqueued);
        Assert.Equal(2, _llm.Client.Calls.Count);
    }

    [Fact]
    public async Task Non_text_placeholders_get_no_reply()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));

        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "[User sent a non-text message: reactionMessage]");
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "[User sent a non-text message: stickerMessage]");
        await _admin.UnlinkAsync("ann");

        Assert.Empty(_llm.Client.Calls);
        Assert.Empty(_delivery.Enqueued);
    }

    [Fact]
    public async Task A_model_failure_sends_nothing_and_shows_as_a_dead_letter_of_the_bot()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));

        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "hi");
        (await _llm.Client.NextCallAsync()).Fail(new HttpRequestException("Too Many Requests (429)"));
        await _admin.UnlinkAsync("ann");

        Assert.Empty(_delivery.Enqueued);
        var deadLetters = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/ann/dead-letters", Ct);
        var deadLetter = deadLetters!["dead_letters"]!.AsArray().Single()!;
        Assert.Equal("feature:automatic_bot_reply", (string)deadLetter["stage"]!);
        Assert.Contains("Too Many Requests (429)", (string)deadLetter["error"]!);
        // The message itself is archived.
        var archive = await _admin.GetFromJsonAsync<JsonObject>("/api/external/features/automatic_bot_reply/queue/ann", Ct);
        Assert.Equal("hi", (string)archive![AutoReplyBots.Dana]!.AsArray().Single()!["content"]!);
    }

    [Fact]
    public async Task What_the_bot_remembers_outlives_a_reload()
    {
        _llm.Client.AutoAnswer = messages => messages[^1].Text == "Dana: my code is 4321" ? "noted" : "it is 4321";
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "my code is 4321");
        await _delivery.NextAsync();

        Assert.Equal(HttpStatusCode.OK, (await _admin.ReloadAsync("ann")).StatusCode);
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "what was my code?");
        await _delivery.NextAsync();

        Assert.Equal(["You are ann. Answer briefly.", "Dana: my code is 4321", "noted", "Dana: what was my code?"], _llm.Client.Calls.Last().Texts);
    }

    [Fact]
    public async Task Link_names_the_setting_the_llm_client_cannot_work_with()
    {
        _llm.Refuse = new LlmConfigurationException("configurations.llm_provider_config.provider_config.api_key",
            "OPENAI_API_KEY is not set and no explicit key is configured.");
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync("/api/external/users/ann", AutoReplyBots.Configuration("ann"), Ct)).StatusCode);

        var link = await _admin.PostAsync("/api/external/users/ann/actions/link", null, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, link.StatusCode);
        var problem = await link.ProblemAsync();
        Assert.Equal(["OPENAI_API_KEY is not set and no explicit key is configured."],
            problem.GetProperty("errors").GetProperty("configurations.llm_provider_config.provider_config.api_key").EnumerateArray().Select(error => error.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/users/ann/status", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_bot_with_auto_reply_off_links_without_any_llm_client()
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync("/api/external/users/ann",
            AutoReplyBots.Configuration("ann").With("features.automatic_bot_reply.enabled", false), Ct)).StatusCode);
        _llm.Refuse = new LlmConfigurationException("configurations.llm_provider_config", "must not be asked");

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync("/api/external/users/ann/actions/link", null, Ct)).StatusCode);
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "hi");
        await _admin.UnlinkAsync("ann");

        Assert.Empty(_llm.Created);
        Assert.Empty(_delivery.Enqueued);
    }
}

// A host without an LLM client: it starts, and only a bot that needs auto-reply is refused, with the reason.
public sealed class AutoReplyWithoutLlmTests : IAsyncLifetime
{
    private readonly ImposterApp _app = new() { ConfigureServices = services => services.RemoveAll<ILlmClientFactory>() };
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Linking_a_bot_with_auto_reply_is_refused_with_a_clear_reason_and_others_link()
    {
        await _admin.PutAsJsonAsync("/api/external/users/ann", AutoReplyBots.Configuration("ann"), Ct);
        await _admin.PutAsJsonAsync("/api/external/users/bea", ConfigurationDocuments.Valid("bea"), Ct);

        var refused = await _admin.PostAsync("/api/external/users/ann/actions/link", null, Ct);

        Assert.Equal(HttpStatusCode.NotImplemented, refused.StatusCode);
        Assert.Equal("Automatic bot reply needs an LLM client, and this host has none.",
            (await refused.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync("/api/external/users/bea/actions/link", null, Ct)).StatusCode);
    }
}
