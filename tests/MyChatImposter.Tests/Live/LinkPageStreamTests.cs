using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Live;
using MyChatImposter.Pages.Bots;
using MyChatImposter.Tests.ChatProviders;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Live;

// GET /bots/{user_id}/events?page=link: a status event per change, heartbeats to the provider on the fake clock
// while the stream is open, and none once the page is gone.
public sealed class LinkPageStreamTests : IAsyncLifetime
{
    private const string Wendy = "wendy";
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly RecordingChatProviderKind _whatsApp = new(ChatProviderKind.WhatsApp);
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public LinkPageStreamTests() => _app = BotPages.WithRecordingWhatsApp(_whatsApp);

    private const string Events = $"/bots/{Wendy}/events?page=link";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Wendy, BotPages.WhatsAppBot(Wendy));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_stream_starts_with_the_current_status_and_sends_each_change_without_the_qr_text()
    {
        await _app.LinkBotAsync(Wendy);
        var provider = Assert.Single(_whatsApp.Created);
        using var stream = await EventStream.OpenAsync(_admin, Events, Ct);

        var linking = OnlyBot(await stream.NextAsync("snapshot"));
        Assert.Equal(ChatStatus.Linking, (string)linking["status"]!);
        Assert.Equal(LinkStatusText.QrVersion(new ChatStatus(ChatStatus.Linking, RecordingChatProvider.Qr)), (string)linking["qr_version"]!);
        Assert.False((bool)linking["ended"]!);
        Assert.StartsWith("Scan this code in WhatsApp", (string)linking["text"]!);

        provider.ShowQr("2@next-code");
        var rotated = await stream.NextAsync("status");
        Assert.NotEqual((string)linking["qr_version"]!, (string)rotated["qr_version"]!);

        provider.Scanned();
        var connected = await stream.NextAsync("status");
        Assert.Equal(ChatStatus.Connected, (string)connected["status"]!);
        Assert.Null(connected["qr_version"]);

        provider.Report(ChatStatus.LoggedOut);
        var ended = await stream.NextAsync("status");
        Assert.True((bool)ended["ended"]!);
        Assert.StartsWith("Logged out", (string)ended["text"]!);
        Assert.DoesNotContain(RecordingChatProvider.Qr, stream.Received);
        Assert.DoesNotContain("2@next-code", stream.Received);
    }

    [Fact]
    public async Task A_bot_without_a_session_streams_not_linked_and_then_its_new_session()
    {
        using var stream = await EventStream.OpenAsync(_admin, Events, Ct);

        var idle = OnlyBot(await stream.NextAsync("snapshot"));
        Assert.Equal(ChatStatus.Disconnected, (string)idle["status"]!);
        Assert.True((bool)idle["ended"]!);

        await _app.LinkBotAsync(Wendy);

        Assert.Equal(ChatStatus.Linking, (string)(await stream.NextAsync("status"))["status"]!);
    }

    [Fact]
    public async Task An_open_stream_heartbeats_every_interval_and_a_closed_one_stops()
    {
        await _app.LinkBotAsync(Wendy);
        var provider = Assert.Single(_whatsApp.Created);
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Service<LiveHub>().Unsubscribed += subscription => ended.TrySetResult(subscription.UserId!);
        var stream = await EventStream.OpenAsync(_admin, Events, Ct);
        await stream.NextAsync("snapshot");
        // Opening counts as looking at the code; the timer started before that heartbeat.
        await provider.HeartbeatsReachedAsync(1).WaitAsync(EventStream.Patience, Ct);

        _app.Time.Advance(HeartbeatInterval);
        await provider.HeartbeatsReachedAsync(2).WaitAsync(EventStream.Patience, Ct);
        Assert.True(await stream.NextCommentAsync());
        _app.Time.Advance(HeartbeatInterval);
        await provider.HeartbeatsReachedAsync(3).WaitAsync(EventStream.Patience, Ct);

        stream.Dispose();
        Assert.Equal(Wendy, await ended.Task.WaitAsync(EventStream.Patience, Ct));
        var beforeLeaving = provider.Heartbeats;
        _app.Time.Advance(HeartbeatInterval * 3);

        Assert.Equal(beforeLeaving, provider.Heartbeats);
        Assert.Equal(3, beforeLeaving);
    }

    [Fact]
    public async Task The_stream_is_an_uncached_event_stream()
    {
        using var stream = await EventStream.OpenAsync(_admin, Events, Ct);

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", stream.Response.Headers.CacheControl?.ToString());
    }

    private static System.Text.Json.Nodes.JsonObject OnlyBot(System.Text.Json.Nodes.JsonObject snapshot) =>
        Assert.Single(snapshot["bots"]!.AsArray())!.AsObject();
}
