using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ical.Net;
using MyChatImposter.ChatProviders;
using MyChatImposter.Delivery;
using MyChatImposter.GroupTracking;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Llm;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.GroupTracking;

// Issue 13 end to end on the real host: the sandbox as the chat network, the OpenAI SDK against the fake
// server, the fake clock driving the schedule, the delivery queue sending the digest to the user's own chat.
public sealed class GroupTrackingEndToEndTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Parents = "120363000000000000@g.us";
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);
    // Tuesday 12 January 2027, 12:00 UTC = 13:00 in Paris (winter time); the daily digest is at 20:00 Paris = 19:00
    // UTC. After the real clock, so the admin's login (issued on the fake clock) is not already expired for it.
    private static readonly DateTimeOffset Noon = new(2027, 1, 12, 12, 0, 0, TimeSpan.Zero);

    private FakeOpenAiServer _server = null!;
    private ImposterApp _app = null!;
    private HttpClient _admin = null!;
    private readonly List<string> _turns = [];
    private readonly SemaphoreSlim _turnSeen = new(0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _app = new ImposterApp(new Dictionary<string, string> { ["GroupTracking:StartJitter"] = "00:00:00" })
        {
            Time = new TimerWatchingTime(Noon),
        };
        _admin = await _app.AdminClientAsync();
        _app.Service<GroupTrackingScheduler>().TurnCompleted += userId =>
        {
            lock (_turns)
            {
                _turns.Add(userId);
            }
            _turnSeen.Release();
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    // Ann's bot on the sandbox: the Parents group tracked daily at 20:00 in Paris, the LLM the OpenAI SDK against
    // the fake server. Group messages are not allowed (the default): a tracked group's are archived anyway.
    private JsonObject Bot() => ConfigurationDocuments.Valid(Ann)
        .With("features.periodic_group_tracking.enabled", true)
        .With("configurations.llm_provider_config", new JsonObject
        {
            ["provider_name"] = "openAi",
            ["provider_config"] = new JsonObject
            {
                ["api_key_source"] = "explicit",
                ["api_key"] = "sk-tracking-0123456789abcdef",
                ["model"] = "gpt-4o-mini",
                ["temperature"] = 0.2,
                ["base_url"] = _server.BaseUrl.ToString(),
            },
        });

    private async Task TurnAsync() => Assert.True(await _turnSeen.WaitAsync(SignalTimeout, Ct), "the tracker never finished a turn");

    // The tracker reports a turn before it sets the timer of its sleep (no start jitter here: it falls due just
    // at the next occurrence). The clock moves once that timer is set: moved first, the timer would count from
    // the new time and the next turn would never come.
    private async Task AdvanceToTheNextTurnAsync(TimeSpan by)
    {
        var clock = (TimerWatchingTime)_app.Time;
        await clock.TimerDueAt(clock.GetUtcNow() + by);
        clock.Advance(by);
    }

    private const string Items = """
        [{"relevant_task_messages":[{"originating_time":"2027-01-12 13:00","sender":"Mum","content":"Bake sale Friday at 16:00, bring cookies"}],
          "text_deadline":"Friday at 16:00","timestamp_deadline":"2027-01-15 16:00:00","task_title":"Bring cookies to the bake sale",
          "task_description":"Bake and bring cookies. Friday 15/01/2027 16:00"}]
        """;

    [Fact]
    public async Task Group_messages_of_the_day_become_a_calendar_digest_in_the_users_own_chat_at_the_scheduled_time()
    {
        _server.Enqueue(FakeAnswer.Text(Items));
        await _admin.SaveAndLinkAsync(Ann, Bot());
        await TurnAsync(); // the first turn: yesterday's period, empty (no messages yet), no LLM call
        await _admin.WriteAsync(Ann, "33611111111@s.whatsapp.net", "Bake sale Friday at 16:00, bring cookies", displayName: "Mum",
            group: new { id = Parents, name = "Parents" });

        await AdvanceToTheNextTurnAsync(TimeSpan.FromHours(7)); // 19:00 UTC = 20:00 Paris
        await TurnAsync();

        var request = await _server.RequestAsync(1, Ct);
        Assert.Contains("Bake sale Friday at 16:00, bring cookies", request.Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains("\"2027-01-12 13:00\"", request.Messages[^1].Text, StringComparison.Ordinal); // Paris time
        var sent = Assert.Single(await _app.SentMessagesAsync(Ann, 1));
        Assert.Equal((OutboundMessage.SelfRecipient, "document", "text/calendar"), (sent.Recipient, sent.Type, sent.Mimetype));
        Assert.StartsWith("📝 *Bring cookies to the bake sale*", sent.Caption);
        Assert.Contains("Parents", sent.Caption);
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(sent.ContentBase64!));
        var calendar = Calendar.Load(ics)!;
        var calendarEvent = Assert.Single(calendar.Events);
        Assert.Equal("Europe/Paris", calendarEvent.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 1, 15, 16, 0, 0), calendarEvent.DtEnd!.Value);
        Assert.Equal("Bring cookies to the bake sale", calendarEvent.Summary);
        var periods = await _app.Service<ITrackedPeriodStore>().ListAsync(Ann, Parents, 10, Ct);
        Assert.Equal([PeriodStatus.Delivered, PeriodStatus.Empty], periods.Select(period => period.Status));
        Assert.Equal((1, 1), (periods[0].MessageCount, periods[0].ItemCount));
        Assert.Equal(Noon.AddHours(7), await _app.Service<ITrackedPeriodStore>().LastProcessedEndAsync(Ann, Parents, Ct));
    }

    [Fact]
    public async Task A_period_whose_extraction_keeps_failing_is_marked_failed_keeps_the_state_and_is_done_on_the_next_run()
    {
        // Three invalid answers: the period fails; the next day's run processes it, then the new one.
        _server.Enqueue(FakeAnswer.Text("I cannot help with that."), FakeAnswer.Text("still no"), FakeAnswer.Text("{\"nope\":1}"));
        await _admin.SaveAndLinkAsync(Ann, Bot());
        await TurnAsync();
        await _admin.WriteAsync(Ann, "33611111111@s.whatsapp.net", "Bake sale Friday at 16:00, bring cookies", displayName: "Mum",
            group: new { id = Parents, name = "Parents" });
        var store = _app.Service<ITrackedPeriodStore>();

        await AdvanceToTheNextTurnAsync(TimeSpan.FromHours(7));
        await TurnAsync();

        var failed = (await store.ListAsync(Ann, Parents, 10, Ct))[0];
        Assert.Equal((PeriodStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.Contains("not a list of action items", failed.LastError);
        Assert.Equal(Noon.AddHours(-17), await store.LastProcessedEndAsync(Ann, Parents, Ct)); // yesterday's end: not advanced
        Assert.Empty(_app.SentMessages(Ann));

        _server.Enqueue(FakeAnswer.Text(Items));
        await AdvanceToTheNextTurnAsync(TimeSpan.FromDays(1));
        await TurnAsync();

        var after = await store.ListAsync(Ann, Parents, 10, Ct);
        Assert.Equal([PeriodStatus.Empty, PeriodStatus.Delivered, PeriodStatus.Empty], after.Select(period => period.Status));
        Assert.Equal(2, after[1].Attempts);
        Assert.Single(await _app.SentMessagesAsync(Ann, 1));
        Assert.Equal(Noon.AddHours(7 + 24), await store.LastProcessedEndAsync(Ann, Parents, Ct));
    }

    [Fact]
    public async Task Run_now_answers_202_and_digests_the_messages_up_to_the_present_and_refuses_what_cannot_run()
    {
        _server.Enqueue(FakeAnswer.Text(Items));
        await _admin.SaveAndLinkAsync(Ann, Bot());
        await TurnAsync();
        await _admin.WriteAsync(Ann, "33611111111@s.whatsapp.net", "Bake sale Friday at 16:00, bring cookies", displayName: "Mum",
            group: new { id = Parents, name = "Parents" });
        var finished = new TaskCompletionSource<TrackingRunResult?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Service<GroupTrackingRunner>().RunNowFinished += (_, _, result) => finished.TrySetResult(result);

        var run = await _admin.PostAsync($"/api/external/features/periodic_group_tracking/trackedGroups/{Ann}/{Parents}/run", null, Ct);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, run.StatusCode);
        var result = await finished.Task.WaitAsync(SignalTimeout, Ct);
        Assert.Equal((1, 1), (result!.Periods, result.Items)); // nothing missed: the part of today up to now
        Assert.Single(await _app.SentMessagesAsync(Ann, 1));
        Assert.Equal(Noon, await _app.Service<ITrackedPeriodStore>().LastProcessedEndAsync(Ann, Parents, Ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await _admin.PostAsync($"/api/external/features/periodic_group_tracking/trackedGroups/{Ann}/999@g.us/run", null, Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await _admin.PostAsync($"/api/external/features/periodic_group_tracking/trackedGroups/nobody/{Parents}/run", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_saved_schedule_applies_without_a_reload_and_the_tracker_stops_with_the_session()
    {
        _server.Enqueue(FakeAnswer.Text(Items));
        await _admin.SaveAndLinkAsync(Ann, Bot());
        await TurnAsync();
        await _admin.WriteAsync(Ann, "33611111111@s.whatsapp.net", "Bake sale Friday at 16:00, bring cookies", displayName: "Mum",
            group: new { id = Parents, name = "Parents" });

        // 15:00 in Paris (14:00 UTC) instead of 20:00: saving wakes the tracker, which sleeps until then.
        var earlier = Bot().With("features.periodic_group_tracking.tracked_groups", new JsonArray(new JsonObject
        {
            ["groupIdentifier"] = Parents, ["cronTrackingSchedule"] = "0 15 * * *", ["displayName"] = "Parents",
        }));
        Assert.True((await _admin.PutAsJsonAsync($"/api/external/users/{Ann}", earlier, Ct)).IsSuccessStatusCode);
        await TurnAsync();
        await AdvanceToTheNextTurnAsync(TimeSpan.FromHours(2));
        await TurnAsync();

        Assert.Single(await _app.SentMessagesAsync(Ann, 1));
        Assert.Equal(Noon.AddHours(2), await _app.Service<ITrackedPeriodStore>().LastProcessedEndAsync(Ann, Parents, Ct));
        var scheduler = _app.Service<GroupTrackingScheduler>();
        Assert.True(scheduler.IsTracking(Ann));
        // Directly: two hours on the fake clock outlast the admin's idle timeout.
        await _app.Service<ChatSessions>().UnlinkAsync(Ann, Ct);
        Assert.False(scheduler.IsTracking(Ann));
    }
}
