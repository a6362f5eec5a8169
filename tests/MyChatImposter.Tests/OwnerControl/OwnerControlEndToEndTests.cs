using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using MyChatImposter.OwnerControl;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.OwnerControl;

// Issue 19 through the sandbox API on the real host: the OpenAI SDK against FakeOpenAiServer, the durable
// delivery queue, the sandbox network. The owner is played by `from_owner: true` messages: to Dana (written
// on the owner's phone) or in "self" (the owner's own chat, where drafts arrive and commands are written).
// Every wait is on a signal: the server's requests, the sandbox's sends, the host's log lines, a drain.
public sealed class OwnerControlEndToEndTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Dana = AutoReplyBots.Dana;
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);

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

    private async Task StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var values = new Dictionary<string, string>
        {
            ["AutoReply:QuietPeriod"] = "00:00:00",
            ["Llm:Timeout"] = "00:05:00",
            ["Pipeline:DrainTimeout"] = "00:00:30",
            ["Logging:LogLevel:MyChatImposter"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }
        _app = new ImposterApp(values) { ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs)) };
        _admin = await _app.AdminClientAsync();
    }

    // Ann's bot (Dana and the Family group whitelisted) on the openAi provider, pointed at the fake server.
    private JsonObject Bot(string replyMode = "auto", int? takeoverPauseMinutes = null) =>
        AutoReplyBots.Configuration(Ann)
            .With("features.automatic_bot_reply.reply_mode", replyMode)
            .With("features.automatic_bot_reply.takeover_pause_minutes", takeoverPauseMinutes ?? 30)
            .With("configurations.llm_provider_config", new JsonObject
            {
                ["provider_name"] = "openAi",
                ["provider_config"] = new JsonObject
                {
                    ["api_key_source"] = "explicit",
                    ["api_key"] = "sk-owner-control-0123456789",
                    ["model"] = "gpt-4o-mini",
                    ["base_url"] = _server.BaseUrl.ToString(),
                },
            });

    private Task OwnerWritesAsync(string correspondentId, string text) => PostAsync(new { correspondent_id = correspondentId, text, from_owner = true });

    private async Task PostAsync(object body)
    {
        var response = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/sandbox/inbound", body, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private Task<string> LoggedAsync(string text) =>
        _logs.WaitForAsync(entry => entry.Contains(text, StringComparison.Ordinal)).WaitAsync(SignalTimeout, Ct);

    // What the sandbox sent to a recipient, once the user's sends number at least `total`.
    private async Task<IReadOnlyList<string>> SentToAsync(string recipient, int total) =>
        [.. (await App.SentMessagesAsync(Ann, total)).Where(message => message.Recipient == recipient).Select(message => message.Text!)];

    private async Task<JsonObject> GetAsync(string path) => (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/{path}", Ct))!;

    private async Task<IReadOnlyList<string>> HistoryKindsAsync() =>
        [.. (await GetAsync($"replyHistory?correspondent_id={Uri.EscapeDataString(Dana)}"))["events"]!.AsArray()
            .Select(replyEvent => (string)replyEvent!["kind"]!).Reverse()];

    private async Task<IReadOnlyList<string>> RememberedAsync() =>
        (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/features/automatic_bot_reply/context/{Ann}", Ct))![Dana] is JsonArray lines
            ? [.. lines.Select(line => (string)line!)]
            : [];

    [Fact]
    public async Task The_owner_writing_while_a_reply_is_generated_stops_it_and_the_bot_answers_again_after_the_pause()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.NeverAnswers);
        _server.Fallback = FakeAnswer.Text("Back to you, Dana");
        await _admin.SaveAndLinkAsync(Ann, Bot());

        await _admin.WriteAsync(Ann, Dana, "are you coming tonight?");
        var generating = await _server.RequestAsync(1, Ct).WaitAsync(SignalTimeout, Ct);
        await OwnerWritesAsync(Dana, "Yes! I'll call you in a minute");

        // The call in flight is abandoned, and the pause shows on the API, ending 30 minutes from now.
        await generating.Aborted.WaitAsync(SignalTimeout, Ct);
        await LoggedAsync($"The owner of {Ann} took {Dana} over (owner_message)");
        var takeover = Assert.Single((await GetAsync("takeovers"))["takeovers"]!.AsArray())!;
        Assert.Equal((Dana, true, App.Time.GetUtcNow().AddMinutes(30)),
            ((string?)takeover["correspondent_id"], (bool)takeover["active"]!, (DateTimeOffset)takeover["until"]!));

        // While paused, Dana's next message is archived and not answered: no call to the model.
        await _admin.WriteAsync(Ann, Dana, "ok, talk soon");
        await LoggedAsync($"Auto-reply of {Ann}: message 3 from {Dana} not answered: the owner has taken the conversation over");
        Assert.Single(_server.Requests);

        // After the pause the bot answers again.
        App.Time.Advance(TimeSpan.FromMinutes(30));
        await _admin.WriteAsync(Ann, Dana, "are you still there?");
        Assert.Equal(["Back to you, Dana"], await SentToAsync(Dana, 1));
        await _admin.UnlinkAsync(Ann);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(["taken_over", "replied"], await HistoryKindsAsync());
    }

    [Fact]
    public async Task A_reply_still_queued_when_the_owner_writes_is_withdrawn_kept_and_forgotten_by_the_bot()
    {
        // Ten minutes between two sends, on the fake clock: the reply waits in the queue behind an earlier send.
        await StartAsync(new Dictionary<string, string> { ["Delivery:MinDelay"] = "00:10:00", ["Delivery:MaxDelay"] = "00:10:00" });
        _server.Fallback = FakeAnswer.Text("Sure, 8 pm works");
        await _admin.SaveAndLinkAsync(Ann, Bot());
        await App.EnqueueTextAsync(Ann, "972507777777@s.whatsapp.net", "an earlier message");
        await App.SentMessagesAsync(Ann, 1);

        await _admin.WriteAsync(Ann, Dana, "dinner at 8?");
        await LoggedAsync($"Auto-reply of {Ann} queued a reply to {Dana}");
        Assert.Single(await App.ItemsAsync(Ann, DeliveryState.Active));
        await OwnerWritesAsync(Dana, "Let me check and get back to you");
        await LoggedAsync($"The owner of {Ann} took {Dana} over");

        // Kept as withdrawn, visible on the queue's API; never sent, even once the pause between sends is over.
        var withdrawn = Assert.Single(await App.ItemsAsync(Ann, DeliveryState.Withdrawn));
        Assert.Equal((Dana, AutoReplyFeature.Origin, "\"Sure, 8 pm works\""), (withdrawn.Recipient, withdrawn.Origin, withdrawn.Content));
        Assert.Single((await _admin.GetFromJsonAsync<JsonArray>($"/api/external/async-message-delivery-queue/withdrawn/{Ann}", Ct))!);
        App.Time.Advance(TimeSpan.FromMinutes(20));
        await _admin.UnlinkAsync(Ann);
        Assert.Empty(App.SentTexts(Ann, Dana));
        // The bot does not remember saying it; the history shows what happened.
        Assert.Equal(["Dana: dinner at 8?"], await RememberedAsync());
        Assert.Equal(["replied", "withdrawn", "taken_over"], await HistoryKindsAsync());
    }

    [Fact]
    public async Task Bot_on_in_the_owners_own_chat_hands_the_conversation_back_early()
    {
        await StartAsync();
        _server.Fallback = FakeAnswer.Text("Hi Dana!");
        await _admin.SaveAndLinkAsync(Ann, Bot(takeoverPauseMinutes: 0));
        await OwnerWritesAsync(Dana, "Hey, it's me");
        await LoggedAsync($"The owner of {Ann} took {Dana} over");
        Assert.Null((await GetAsync("takeovers"))["takeovers"]![0]!["until"]?.GetValue<DateTimeOffset?>());

        await OwnerWritesAsync("self", "#bot on 972501234567");

        Assert.Equal(["The bot answers again: 972501234567@s.whatsapp.net."], await SentToAsync("self", 1));
        Assert.Empty((await GetAsync("takeovers"))["takeovers"]!.AsArray());
        await _admin.WriteAsync(Ann, Dana, "hello?");
        Assert.Equal(["Hi Dana!"], await SentToAsync(Dana, 2));
        await _admin.UnlinkAsync(Ann);
        Assert.Equal(["taken_over", "handed_back", "replied"], await HistoryKindsAsync());
    }

    [Fact]
    public async Task Approve_replace_reject_and_expire_each_end_as_described_and_memory_holds_what_was_sent()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.Text("Yes, at 8"), FakeAnswer.Text("Let's say 8"), FakeAnswer.Text("I can't"), FakeAnswer.Text("Sure"));
        await _admin.SaveAndLinkAsync(Ann, Bot(replyMode: "approve"));

        // Approve: the draft arrives in the owner's chat; "ok" sends it to Dana and into memory.
        await _admin.WriteAsync(Ann, Dana, "are you coming tonight?");
        var notice = Assert.Single(await SentToAsync("self", 1));
        Assert.StartsWith("📝 Draft 1 · reply to Dana", notice, StringComparison.Ordinal);
        Assert.Contains("Dana: are you coming tonight?\n➡️ Yes, at 8", notice, StringComparison.Ordinal);
        Assert.Empty(App.SentTexts(Ann, Dana));
        await OwnerWritesAsync("self", "ok");
        Assert.Equal(["Yes, at 8"], await SentToAsync(Dana, 3));

        // Replace: the owner answers the draft's number with their own words.
        await _admin.WriteAsync(Ann, Dana, "what time exactly?");
        await App.SentMessagesAsync(Ann, 4);
        await OwnerWritesAsync("self", "2 Half past eight, see you there");
        Assert.Equal(["Yes, at 8", "Half past eight, see you there"], await SentToAsync(Dana, 6));

        // Reject: nothing goes to Dana.
        await _admin.WriteAsync(Ann, Dana, "can you bring wine?");
        await App.SentMessagesAsync(Ann, 7);
        await OwnerWritesAsync("self", "no 3");
        Assert.Contains("Draft 3 dropped; nothing was sent to Dana.", await SentToAsync("self", 8));

        // Expire: an hour passes; a late "ok" never sends it.
        await _admin.WriteAsync(Ann, Dana, "and dessert?");
        await App.SentMessagesAsync(Ann, 9);
        App.Time.Advance(TimeSpan.FromMinutes(61));
        await OwnerWritesAsync("self", "ok 4");
        Assert.Contains("Draft 4 expired and was not sent.", await SentToAsync("self", 10));

        await _admin.UnlinkAsync(Ann);
        Assert.Equal(["Yes, at 8", "Half past eight, see you there"], App.SentTexts(Ann, Dana));
        var states = (await GetAsync("drafts"))["drafts"]!.AsArray().Select(draft => ((long)draft!["number"]!, (string)draft["state"]!));
        Assert.Equal([(4L, "expired"), (3L, "rejected"), (2L, "replaced"), (1L, "approved")], states);
        Assert.Equal(["Dana: are you coming tonight?", "Bot: Yes, at 8", "Dana: what time exactly?", "Bot: Half past eight, see you there"],
            await RememberedAsync());
        Assert.Equal(["drafted", "approved", "drafted", "replaced", "drafted", "rejected", "drafted", "expired"], await HistoryKindsAsync());
    }

    [Fact]
    public async Task Replying_to_a_draft_notice_answers_that_draft_even_when_several_wait()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.Text("Yes, at 8"), FakeAnswer.Text("I'll bring the cake"));
        await _admin.SaveAndLinkAsync(Ann, Bot(replyMode: "approve"));
        await _admin.WriteAsync(Ann, Dana, "are you coming tonight?");
        await App.SentMessagesAsync(Ann, 1);
        await _admin.WriteAsync(Ann, "972508888888@s.whatsapp.net", "who brings the cake?", displayName: "Mum",
            group: new { id = "120363041234567890@g.us", name = "Family" });
        var notices = await App.SentMessagesAsync(Ann, 2);

        // As on WhatsApp: answering a notice by quoting it. The Family draft gets the owner's words, Dana's a 👍.
        await PostAsync(new { correspondent_id = "self", text = "Me, chocolate", from_owner = true, reply_to = notices[1].MessageId });
        await PostAsync(new { correspondent_id = "self", text = "👍", from_owner = true, reply_to = notices[0].MessageId });
        var unknown = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/sandbox/inbound",
            new { correspondent_id = "self", text = "ok", from_owner = true, reply_to = "no-such-message" }, Ct);

        Assert.Equal(["Me, chocolate"], await SentToAsync("120363041234567890@g.us", 6));
        Assert.Equal(["Yes, at 8"], App.SentTexts(Ann, Dana));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("reply_to", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_message_replaces_the_pending_draft_with_one_answering_both()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.Text("Yes"), FakeAnswer.Text("Yes, and I'll bring wine"));
        await _admin.SaveAndLinkAsync(Ann, Bot(replyMode: "approve"));

        await _admin.WriteAsync(Ann, Dana, "coming tonight?");
        await App.SentMessagesAsync(Ann, 1);
        await _admin.WriteAsync(Ann, Dana, "bring wine?");
        await App.SentMessagesAsync(Ann, 2);

        var second = await _server.RequestAsync(2, Ct);
        Assert.Equal(["Dana: coming tonight?", "Dana: bring wine?"], second.Messages.Where(message => message.Role == "user").Select(message => message.Text));
        var drafts = (await GetAsync("drafts"))["drafts"]!.AsArray();
        Assert.Equal(["pending", "superseded"], drafts.Select(draft => (string)draft!["state"]!));
        Assert.Equal(2, drafts[0]!["answered"]!.AsArray().Count);
    }

    [Fact]
    public async Task Monitor_never_sends_anything_over_a_thousand_messages()
    {
        await StartAsync();
        _server.Fallback = FakeAnswer.Text("I would say this");
        await _admin.SaveAndLinkAsync(Ann, Bot(replyMode: "monitor"));

        for (var index = 0; index < 1_000; index++)
        {
            if (index % 10 == 9)
            {
                await _admin.WriteAsync(Ann, "972508888888@s.whatsapp.net", $"family message {index}", displayName: "Mum",
                    group: new { id = "120363041234567890@g.us", name = "Family" });
            }
            else
            {
                await _admin.WriteAsync(Ann, Dana, $"message {index}");
            }
        }
        await _admin.UnlinkAsync(Ann);

        Assert.NotEmpty(_server.Requests);
        Assert.Empty(App.SentMessages(Ann));
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            Assert.Empty(await App.ItemsAsync(Ann, state));
        }
        var drafts = await App.Service<IDraftStore>().ListAsync(Ann, null, null, IDraftStore.MaxPage, Ct);
        Assert.NotEmpty(drafts);
        Assert.All(drafts, draft => Assert.Equal(DraftState.Monitored, draft.State));
        Assert.Empty(await RememberedAsync());
    }

    [Fact]
    public async Task Drafts_are_decided_through_the_api_and_a_decided_or_unknown_draft_is_refused()
    {
        await StartAsync();
        _server.Enqueue(FakeAnswer.Text("Yes"), FakeAnswer.Text("No"));
        await _admin.SaveAndLinkAsync(Ann, Bot(replyMode: "approve"));
        await _admin.WriteAsync(Ann, Dana, "first?");
        await App.SentMessagesAsync(Ann, 1);
        var first = (string)(await GetAsync("drafts?state=pending"))["drafts"]![0]!["id"]!;

        var approved = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/drafts/{first}/approve", new { text = "Yes, gladly" }, Ct);
        var again = await _admin.PostAsync($"/api/external/users/{Ann}/drafts/{first}/reject", null, Ct);
        var unknown = await _admin.PostAsync($"/api/external/users/{Ann}/drafts/no-such-draft/approve", null, Ct);
        var badState = await _admin.GetAsync($"/api/external/users/{Ann}/drafts?state=maybe", Ct);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var draft = (await approved.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(("replaced", "Yes, gladly", "api"), ((string?)draft["state"], (string?)draft["sent_text"], (string?)draft["decided_by"]));
        Assert.Equal(["Yes, gladly"], await SentToAsync(Dana, 2));
        var item = await App.ItemAsync((string)draft["delivery_id"]!);
        Assert.Equal((OwnerDesk.ApprovedOrigin, Dana, "\"Yes, gladly\""), (item.Origin, item.Recipient, item.Content));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
    }

    [Fact]
    public async Task The_api_takes_a_conversation_over_and_hands_it_back()
    {
        await StartAsync();
        _server.Fallback = FakeAnswer.Text("Hi!");
        await _admin.SaveAndLinkAsync(Ann, Bot());

        var taken = await _admin.PutAsJsonAsync($"/api/external/users/{Ann}/takeovers/{Uri.EscapeDataString(Dana)}", new { pause_minutes = 0, display_name = "Dana" }, Ct);
        var invalid = await _admin.PutAsJsonAsync($"/api/external/users/{Ann}/takeovers/{Uri.EscapeDataString(Dana)}", new { pause_minutes = -1 }, Ct);
        await _admin.WriteAsync(Ann, Dana, "anyone?");
        await LoggedAsync($"message 1 from {Dana} not answered: the owner has taken the conversation over");
        var handedBack = await _admin.DeleteAsync($"/api/external/users/{Ann}/takeovers/{Uri.EscapeDataString(Dana)}", Ct);
        var notTaken = await _admin.DeleteAsync($"/api/external/users/{Ann}/takeovers/{Uri.EscapeDataString(Dana)}", Ct);
        await _admin.WriteAsync(Ann, Dana, "anyone now?");

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, handedBack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notTaken.StatusCode);
        Assert.Equal(["Hi!"], await SentToAsync(Dana, 1));
        await _admin.UnlinkAsync(Ann);
        Assert.Equal(["taken_over", "handed_back", "replied"], await HistoryKindsAsync());
    }

    [Fact]
    public async Task Only_the_owner_writes_in_their_own_chat()
    {
        await StartAsync();
        await _admin.SaveAndLinkAsync(Ann, Bot());

        var response = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/sandbox/inbound", new { correspondent_id = "self", text = "ok" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("correspondent_id", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
