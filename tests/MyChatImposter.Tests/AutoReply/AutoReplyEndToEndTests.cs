using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Llm;
using MyChatImposter.Tests.Pages;

namespace MyChatImposter.Tests.AutoReply;

// Issue 6 end to end on the merged host, with nothing replaced: its own LLM client factory (openAi through the
// OpenAI SDK against FakeOpenAiServer, and fakeLlm), its durable delivery queue and the sandbox, driven
// through the HTTP API as a client would. Replies start at once (AutoReply:QuietPeriod 0) unless a test says
// otherwise, and sends go out without pauses. Every wait is on a signal: the server's requests, the delivery
// sender's changes of state, a drain (unlink and reload return once every reply turn is done), a log line.
public sealed class AutoReplyEndToEndTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Key = "sk-e2e-explicit-0123456789abcdef";
    private const string Persona = "You are ann. Answer briefly.";
    private const string Family = "120363041234567890@g.us";
    private const string Stranger = "972509999999@s.whatsapp.net";
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LlmTimeout = TimeSpan.FromSeconds(1);

    private readonly CapturedLogs _logs = new();
    private FakeOpenAiServer _server = null!;
    private ImposterApp? _app;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ImposterApp App => _app ?? throw new InvalidOperationException("StartAsync first.");

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await _server.DisposeAsync();
    }

    private async Task StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var values = new Dictionary<string, string>
        {
            ["AutoReply:QuietPeriod"] = "00:00:00",
            // Attempts time out on the fake clock, advanced by the tests; retries follow at once.
            ["Llm:Timeout"] = "00:00:01",
            ["Llm:RetryBaseDelay"] = "00:00:00",
            // Drains wait for turns taking real milliseconds: a busy machine must not cut them short.
            ["Pipeline:DrainTimeout"] = "00:00:30",
            ["Logging:LogLevel:MyChatImposter.AutoReply"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }
        _app = new ImposterApp(values, dataDirectory) { ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs)) };
        _admin = await _app.AdminClientAsync();
    }

    // Ann's bot as AutoReplyBots.Configuration has it (Dana and the Family group whitelisted, one history per
    // correspondent), on the openAi provider with an explicit key, pointed at the fake server.
    private JsonObject OpenAiBot(double temperature = 0.7, int? seed = null, string? reasoningEffort = null) =>
        AutoReplyBots.Configuration(Ann).With("configurations.llm_provider_config", new JsonObject
        {
            ["provider_name"] = "openAi",
            ["provider_config"] = new JsonObject
            {
                ["api_key_source"] = "explicit",
                ["api_key"] = Key,
                ["model"] = "gpt-4o-mini",
                ["temperature"] = temperature,
                ["seed"] = seed,
                ["reasoning_effort"] = reasoningEffort,
                ["base_url"] = _server.BaseUrl.ToString(),
            },
        });

    // What the sandbox network accepted from ann, read through the API once it holds `count` messages.
    private async Task<JsonArray> OutboundAsync(int count)
    {
        await App.SentMessagesAsync(Ann, count);
        return (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/sandbox/outbound", Ct))!["messages"]!.AsArray();
    }

    // Once Dana's message with this archive id has joined her conversation's next turn (whose quiet-period timer
    // then runs): the feature logs it right after, and nothing else shows it.
    private Task DanasMessageWaitsAsync(long archiveId) =>
        _logs.WaitForAsync(entry => entry.Contains($"[6012] Auto-reply of {Ann}: message {archiveId} from {AutoReplyBots.Dana} waits", StringComparison.Ordinal))
            .WaitAsync(SignalTimeout, Ct);

    private static (string? Recipient, string? Text) Sent(JsonNode? message) => ((string?)message!["recipient"], (string?)message["text"]);

    private async Task<JsonArray> DeadLettersAsync() =>
        (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/dead-letters", Ct))!["dead_letters"]!.AsArray();

    private async Task<JsonNode> LlmStatusAsync() =>
        (await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct))!["configurations"]!.AsArray()
            .Single(entry => (string?)entry!["user_id"] == Ann)!["llm"]!;

    // The archive's messages of one correspondent.
    private async Task<JsonArray> ArchiveAsync(string correspondentId) =>
        (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/features/automatic_bot_reply/queue/{Ann}", Ct))![correspondentId]!.AsArray();

    private async Task<IReadOnlyList<string>> ArchivedAsync(string correspondentId) =>
        [.. (await ArchiveAsync(correspondentId)).Select(message => (string)message!["content"]!)];

    private async Task<JsonObject> ContextAsync() =>
        (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/features/automatic_bot_reply/context/{Ann}", Ct))!;

    [Fact]
    public async Task A_whitelisted_contact_gets_the_models_answer_through_the_delivery_queue()
    {
        await StartAsync(new Dictionary<string, string> { ["Delivery:TypingPresence"] = "true" });
        _server.Enqueue(FakeAnswer.Text("Hi Dana, yes I'll be there"));
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot(temperature: 0.3, seed: 42, reasoningEffort: "low"));

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "are you coming tonight?");
        // "typing…" first, as long as the reply's length says, on the fake clock.
        var sender = await App.SenderAsync(Ann);
        var typing = await sender.WaitForAsync(state => state.Activity == SenderActivity.Typing, Ct).WaitAsync(SignalTimeout, Ct);
        App.Time.Advance(typing.Until!.Value - App.Time.GetUtcNow());

        var sent = Assert.Single(await OutboundAsync(1));
        Assert.Equal((AutoReplyBots.Dana, "Hi Dana, yes I'll be there"), Sent(sent));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer " + Key, request.Authorization);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.Equal(0.3, request.Body["temperature"]!.GetValue<double>(), precision: 5);
        Assert.Equal(42, request.Body["seed"]!.GetValue<long>());
        Assert.Equal("low", (string?)request.Body["reasoning_effort"]);
        Assert.Equal([("system", Persona), ("user", "Dana: are you coming tonight?")], request.Messages);
        // It went through the queue: stored, then sent as an auto-reply to Dana, after "typing…".
        var item = Assert.Single(await App.ItemsAsync(Ann, DeliveryState.Sent));
        Assert.Equal((AutoReplyFeature.Origin, AutoReplyBots.Dana, (string?)sent!["message_id"]), (item.Origin, item.Recipient, item.ProviderMessageId));
        Assert.Equal([(AutoReplyBots.Dana, ChatPresence.Typing), (AutoReplyBots.Dana, ChatPresence.Paused)],
            App.Service<SandboxWorld>().Presences(Ann).Select(presence => (presence.Recipient, presence.Presence)));
    }

    [Fact]
    public async Task A_stranger_gets_no_reply_and_null_settings_stay_out_of_the_request()
    {
        await StartAsync();
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());

        await _admin.WriteAsync(Ann, Stranger, "hello, who is this?", displayName: "Mallory");
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "hi");

        Assert.Equal([(AutoReplyBots.Dana, "Hello from the fake OpenAI server.")], (await OutboundAsync(1)).Select(Sent));
        var request = Assert.Single(_server.Requests);
        Assert.Equal([("system", Persona), ("user", "Dana: hi")], request.Messages);
        Assert.False(request.Body.ContainsKey("seed"));
        Assert.False(request.Body.ContainsKey("reasoning_effort"));
        // Once every message has been handled and every turn is done, still nothing for the stranger.
        await _admin.UnlinkAsync(Ann);
        Assert.Single(_server.Requests);
        Assert.Single(App.SentMessages(Ann));
        Assert.Equal(["hello, who is this?"], await ArchivedAsync(Stranger));
    }

    [Fact]
    public async Task A_group_is_answered_only_when_the_group_is_whitelisted_and_the_reply_goes_to_the_group()
    {
        await StartAsync();
        _server.Fallback = FakeAnswer.Text("I'll bring the cake");
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());

        // Dana is whitelisted for direct chats, which does not open the Work group to the bot.
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "standup in 5", group: new { id = "120363099999999999@g.us", name = "Work" });
        await _admin.WriteAsync(Ann, "972508888888@s.whatsapp.net", "who brings the cake?", displayName: "Mum",
            group: new { id = Family, name = "Family" });

        Assert.Equal([(Family, "I'll bring the cake")], (await OutboundAsync(1)).Select(Sent));
        await _admin.UnlinkAsync(Ann);
        Assert.Equal([("system", Persona), ("user", "Mum: who brings the cake?")], Assert.Single(_server.Requests).Messages);
        Assert.Single(App.SentMessages(Ann));
    }

    // Ann's bot on a host whose reply turns wait for 5 s of quiet, the server answering `answer`.
    private async Task LinkWithQuietPeriodAsync(string answer)
    {
        await StartAsync(new Dictionary<string, string> { ["AutoReply:QuietPeriod"] = "00:00:05" });
        _server.Fallback = FakeAnswer.Text(answer);
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());
    }

    [Fact]
    public async Task Two_quick_messages_get_one_reply_turn_covering_both()
    {
        await LinkWithQuietPeriodAsync(answer: "Hi! Yes, after 7");

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "hi");
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "are you free tonight?");
        // The second message (archive id 2) waits for the turn, in order after the first; then the quiet period ends.
        await DanasMessageWaitsAsync(archiveId: 2);
        Assert.Empty(_server.Requests);
        App.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([(AutoReplyBots.Dana, "Hi! Yes, after 7")], (await OutboundAsync(1)).Select(Sent));
        await _admin.UnlinkAsync(Ann);
        var request = Assert.Single(_server.Requests);
        Assert.Equal([("system", Persona), ("user", "Dana: hi"), ("user", "Dana: are you free tonight?")], request.Messages);
        Assert.Single(App.SentMessages(Ann));
        Assert.Single(await App.ItemsAsync(Ann, DeliveryState.Sent));
    }

    [Fact]
    public async Task A_reload_answers_what_waits_at_once_and_the_reply_goes_out_from_the_new_session()
    {
        await LinkWithQuietPeriodAsync(answer: "Yes, see you");

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "still on for tonight?");
        await DanasMessageWaitsAsync(archiveId: 1);
        // The quiet period has not ended, but the old session answers before it stops; the reply is queued while
        // nobody is connected and sent once the new session is.
        Assert.Equal(HttpStatusCode.OK, (await _admin.ReloadAsync(Ann)).StatusCode);

        Assert.Equal([(AutoReplyBots.Dana, "Yes, see you")], (await OutboundAsync(1)).Select(Sent));
        Assert.Single(_server.Requests);
        Assert.Empty(await DeadLettersAsync());
    }

    [Fact]
    public async Task Shutting_down_abandons_a_call_in_flight_and_loses_nothing()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("imposter-e2e-").FullName;
        try
        {
            await StartAsync(new Dictionary<string, string> { ["Pipeline:DrainTimeout"] = "00:00:01" }, dataDirectory);
            _server.Fallback = FakeAnswer.NeverAnswers;
            await _admin.SaveAndLinkAsync(Ann, OpenAiBot());
            await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "are you there?");
            var request = await _server.RequestAsync(1, Ct).WaitAsync(SignalTimeout, Ct);

            // The drain gives the turn Pipeline:DrainTimeout, then cancels it: the request is abandoned.
            await App.DisposeAsync();
            await request.Aborted.WaitAsync(SignalTimeout, Ct);

            // The same data on a new host: the message is archived, a dead letter says it was not answered, and
            // the bot, linked again by itself, answers the next message (and only that one).
            _server.Fallback = FakeAnswer.Text("back");
            _app = new ImposterApp(new Dictionary<string, string> { ["AutoReply:QuietPeriod"] = "00:00:00" }, dataDirectory);
            _admin = await App.SignedInClientAsync(ImposterApp.AdminId, ImposterApp.AdminPassword);
            Assert.Equal(["are you there?"], await ArchivedAsync(AutoReplyBots.Dana));
            var deadLetter = Assert.Single(await DeadLettersAsync())!;
            Assert.Contains("The session stopped before the reply was sent", (string?)deadLetter["error"]);
            await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "hello?");
            Assert.Equal([(AutoReplyBots.Dana, "back")], (await OutboundAsync(1)).Select(Sent));
            Assert.Equal(2, _server.Requests.Count);
            Assert.Equal([("system", Persona), ("user", "Dana: hello?")], _server.Requests[1].Messages);
        }
        finally
        {
            // The hosts given a folder leave it behind.
            if (_app is not null)
            {
                await _app.DisposeAsync();
                _app = null;
            }
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Answers_429_and_500_are_retried_into_one_reply_each()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.RateLimited(), FakeAnswer.Text("after the rate limit"), FakeAnswer.ServerError(500), FakeAnswer.Text("after the outage"));
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "first");
        await OutboundAsync(1);
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "second");

        Assert.Equal([(AutoReplyBots.Dana, "after the rate limit"), (AutoReplyBots.Dana, "after the outage")], (await OutboundAsync(2)).Select(Sent));
        await _admin.UnlinkAsync(Ann);
        Assert.Equal(4, _server.Requests.Count);
        // Each retry asked the same thing again.
        Assert.Equal(_server.Requests[0].Messages, _server.Requests[1].Messages);
        Assert.Equal(_server.Requests[2].Messages, _server.Requests[3].Messages);
        Assert.Equal(2, App.SentMessages(Ann).Count);
        Assert.Empty(await DeadLettersAsync());
        Assert.Equal("ok", (string?)(await LlmStatusAsync())["state"]);
    }

    [Fact]
    public async Task A_server_that_never_answers_in_time_sends_nothing_shows_the_failure_and_the_next_message_is_answered()
    {
        await StartAsync();
        _server.Fallback = FakeAnswer.NeverAnswers;
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "are you there?");
        // Llm:MaxAttempts (3) attempts, each given up after Llm:Timeout on the fake clock.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await _server.RequestAsync(attempt, Ct).WaitAsync(SignalTimeout, Ct);
            App.Time.Advance(LlmTimeout);
        }

        await AssertFailedTurnAsync("The LLM call failed after 3 attempts: no answer within 1 s.", "are you there?");
    }

    [Fact]
    public async Task A_server_failing_every_time_sends_nothing_shows_the_failure_and_the_next_message_is_answered()
    {
        await StartAsync();
        _server.Fallback = FakeAnswer.ServerError(500);
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "are you there?");
        await _server.RequestAsync(3, Ct).WaitAsync(SignalTimeout, Ct);

        await AssertFailedTurnAsync("The LLM call failed after 3 attempts: server error (HTTP 500).", "are you there?");
    }

    // After a turn whose every attempt failed: nothing was sent, the failure is on the status API and the
    // dashboard and in a dead letter, the message is archived; once the server answers again, the next message
    // gets a reply (and the failed one is not asked again: it is neither retried nor remembered).
    private async Task AssertFailedTurnAsync(string failure, string unanswered)
    {
        // A reload returns once the session's turns are done, the failed one included.
        Assert.Equal(HttpStatusCode.OK, (await _admin.ReloadAsync(Ann)).StatusCode);

        Assert.Equal(3, _server.Requests.Count);
        Assert.Empty(App.SentMessages(Ann));
        var llm = await LlmStatusAsync();
        Assert.Equal(("failing", failure), ((string?)llm["state"], (string?)llm["last_failure"]));
        Assert.Contains($"data-llm-for=\"{Ann}\">failed ", await HtmlPage.GetAsync(_admin, "/"));
        Assert.Contains(failure, HtmlPage.Text(await HtmlPage.GetAsync(_admin, "/")));
        var deadLetter = Assert.Single(await DeadLettersAsync())!;
        Assert.Equal("feature:automatic_bot_reply", (string?)deadLetter["stage"]);
        Assert.Contains(failure, (string?)deadLetter["error"]);
        Assert.Equal([unanswered], await ArchivedAsync(AutoReplyBots.Dana));

        _server.Fallback = FakeAnswer.Text("Sorry, I'm here now");
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "hello?");

        Assert.Equal([(AutoReplyBots.Dana, "Sorry, I'm here now")], (await OutboundAsync(1)).Select(Sent));
        Assert.Equal([("system", Persona), ("user", "Dana: hello?")], _server.Requests[^1].Messages);
        var recovered = await LlmStatusAsync();
        Assert.Equal(("ok", failure), ((string?)recovered["state"], (string?)recovered["last_failure"]));
    }

    [Fact]
    public async Task Reactions_stickers_and_the_bots_own_echo_get_no_reply()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.Text("See you at 8"), FakeAnswer.Text("You're welcome"));
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "[User sent a non-text message: reactionMessage]");
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "[User sent a non-text message: stickerMessage]");
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "dinner at 8?");
        var reply = Assert.Single(await OutboundAsync(1))!;
        // The sandbox only records what the bot sends; a WhatsApp session hands the network's echo of it to the
        // session as an outgoing message with the sent id (spec/02 §3.1), as here.
        var session = App.Service<ChatSessions>().Get(Ann)!;
        Assert.Equal(IngestOutcome.Archived, await session.SubmitAsync(new InboundMessage((string)reply["message_id"]!, AutoReplyBots.Dana,
            new ChatParty(Ann, null, [Ann]), null, (string)reply["text"]!, MessageDirection.Outgoing, AutoReplyBots.Dana, App.Time.GetUtcNow()), Ct));
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "thanks!");

        Assert.Equal([(AutoReplyBots.Dana, "See you at 8"), (AutoReplyBots.Dana, "You're welcome")], (await OutboundAsync(2)).Select(Sent));
        await _admin.UnlinkAsync(Ann);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal([("system", Persona), ("user", "Dana: dinner at 8?")], _server.Requests[0].Messages);
        // The echo is not a message of Dana's: the bot's reply is in the history once, as its own.
        Assert.Equal([("system", Persona), ("user", "Dana: dinner at 8?"), ("assistant", "See you at 8"), ("user", "Dana: thanks!")],
            _server.Requests[1].Messages);
        Assert.Equal(["user", "user", "user", "bot", "user"], (await ArchiveAsync(AutoReplyBots.Dana)).Select(message => (string)message!["source"]!));
    }

    [Fact]
    public async Task The_fake_provider_answers_with_its_canned_answers_in_turn()
    {
        await StartAsync();
        await _admin.SaveAndLinkAsync(Ann, AutoReplyBots.Configuration(Ann)
            .With("configurations.llm_provider_config.provider_config.response_array", new JsonArray("Hi, {user_id} here", "Talk later")));

        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "hi");
        await OutboundAsync(1);
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "how are you?");

        Assert.Equal([(AutoReplyBots.Dana, "Hi, ann here"), (AutoReplyBots.Dana, "Talk later")], (await OutboundAsync(2)).Select(Sent));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Forgotten_memory_is_not_in_the_next_prompt()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.Text("noted"), FakeAnswer.Text("it is 4321"), FakeAnswer.Text("I don't know"));
        await _admin.SaveAndLinkAsync(Ann, OpenAiBot());
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "my code is 4321");
        await OutboundAsync(1);
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "what was my code?");
        await OutboundAsync(2);
        Assert.Equal([("system", Persona), ("user", "Dana: my code is 4321"), ("assistant", "noted"), ("user", "Dana: what was my code?")],
            _server.Requests[1].Messages);

        // A reload returns once the last turn is done, remembering included.
        Assert.Equal(HttpStatusCode.OK, (await _admin.ReloadAsync(Ann)).StatusCode);
        var remembered = await ContextAsync();
        Assert.Equal(["Dana: my code is 4321", "Bot: noted", "Dana: what was my code?", "Bot: it is 4321"],
            remembered[AutoReplyBots.Dana]!.AsArray().Select(entry => (string)entry!));
        Assert.Contains("Dana: my code is 4321", await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/memory"));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/external/features/automatic_bot_reply/context/{Ann}", Ct)).StatusCode);
        Assert.Empty(await ContextAsync());
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "what was my code?");

        Assert.Equal((AutoReplyBots.Dana, "I don't know"), Sent((await OutboundAsync(3))[2]));
        Assert.Equal([("system", Persona), ("user", "Dana: what was my code?")], _server.Requests[2].Messages);
    }
}
