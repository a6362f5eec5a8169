using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.OwnerControl;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.Pipeline;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}: the live session, the counts, and the messages the pipeline failed on.
public sealed class DetailsPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private readonly RecordingFeature _feature = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public DetailsPageTests() =>
        _app = new ImposterApp { ConfigureServices = services => services.AddSingleton<IMessageFeatureFactory>(_feature) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_idle_bot_shows_no_session_and_no_dead_letters()
    {
        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");

        Assert.Contains("<span class=\"dot status-off\"></span> <span class=\"status-text\">disconnected</span>", html);
        Assert.Contains("<td id=\"session-started\">no live session</td>", html);
        Assert.Contains("<td id=\"dead-letter-count\">0</td>", html);
        Assert.Contains("id=\"no-dead-letters\"", html);
    }

    [Fact]
    public async Task Waiting_drafts_and_paused_conversations_are_counted_and_lead_to_the_drafts_page()
    {
        var drafts = _app.Service<IDraftStore>();
        var now = _app.Time.GetUtcNow();
        foreach (var contact in new[] { "dana", "eli" })
        {
            await drafts.AddAsync(new Draft(Guid.NewGuid().ToString(), Ann, contact, contact, [new Utterance(contact, "hi?")], "hi!",
                DraftState.Pending, now, now.AddHours(1)), Ct);
        }
        await _app.Service<ITakeoverStore>().SetAsync(new Takeover(Ann, "finn", "Finn", now, null, OwnerDesk.BySite), Ct);
        await _app.Service<ITakeoverStore>().SetAsync(new Takeover(Ann, "gil", "Gil", now.AddHours(-2), now.AddHours(-1), OwnerDesk.BySite), Ct);

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");

        Assert.Contains($"<a id=\"drafts-summary\" href=\"/bots/{Ann}/drafts\">2 draft(s) waiting, paused in 1 conversation(s)</a>", html);
    }

    [Fact]
    public async Task A_failing_feature_call_shows_as_a_dead_letter()
    {
        _feature.FailOnText = "poison";
        var session = await _app.LinkBotAsync(Ann);
        var sandbox = (SandboxProvider)session.Provider;
        await sandbox.ReceiveAsync(new SandboxInbound("wa-1", "alice", null, null, "poison"), Ct);
        await sandbox.ReceiveAsync(new SandboxInbound("wa-2", "alice", null, null, "fine"), Ct);
        // Messages of one correspondent reach the feature in order: once "fine" is seen, "poison" has failed.
        await _feature.WaitForAsync(Ann, 1);

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");

        Assert.Contains("<span class=\"dot status-connected\"></span> <span class=\"status-text\">connected</span>", html);
        Assert.Contains($"<td id=\"session-started\">{MyChatImposter.Pages.UtcTime.Format(session.StartedAt)}</td>", html);
        Assert.Contains(">2</a></td>", html[html.IndexOf("id=\"archived-count\"", StringComparison.Ordinal)..]);
        Assert.Contains("<td id=\"dead-letter-count\">1</td>", html);
        var table = html[html.IndexOf("id=\"dead-letters\"", StringComparison.Ordinal)..];
        Assert.Contains("<td>feature:recording</td>", table);
        Assert.Contains("<td><code>wa-1</code></td>", table);
        Assert.Contains("told to fail", table);
        Assert.DoesNotContain("wa-2", table);
    }

    [Fact]
    public async Task Only_the_latest_twenty_dead_letters_are_listed()
    {
        var store = _app.Service<IDeadLetterStore>();
        for (var n = 1; n <= 25; n++)
        {
            await store.AddAsync(new DeadLetter(Ann, "archive", "alice", $"wa-{n}", "the database was away", _app.Time.GetUtcNow()), Ct);
        }

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");

        Assert.Contains("(the latest 20 of 25)", html);
        Assert.Contains("<code>wa-25</code>", html);
        Assert.Contains("<code>wa-6</code>", html);
        Assert.DoesNotContain("<code>wa-5</code>", html);
    }

    [Fact]
    public async Task A_missing_bot_is_not_found()
    {
        var response = await _admin.GetAsync("/bots/ghost", Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
