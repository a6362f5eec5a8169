using System.Net;
using System.Text.Json.Nodes;
using MyChatImposter.Bots;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Pages.Bots;
using MyChatImposter.Tests.ChatProviders;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Bots;

// GET /bots/{user_id}/link/events: a status event per change, heartbeats to the provider on the fake clock
// while the stream is open, and none once the page is gone.
public sealed class LinkEventStreamTests : IAsyncLifetime
{
    private const string Wendy = "wendy";
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly RecordingChatProviderKind _whatsApp = new(ChatProviderKind.WhatsApp);
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public LinkEventStreamTests() => _app = BotPages.WithRecordingWhatsApp(_whatsApp);

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
        using var stream = await EventStream.OpenAsync(_admin, $"/bots/{Wendy}/link/events");

        var linking = await stream.NextEventAsync();
        Assert.Equal(ChatStatus.Linking, (string)linking["status"]!);
        Assert.Equal(LinkStatusText.QrVersion(new ChatStatus(ChatStatus.Linking, RecordingChatProvider.Qr)), (string)linking["qr_version"]!);
        Assert.False((bool)linking["ended"]!);
        Assert.StartsWith("Scan this code in WhatsApp", (string)linking["text"]!);

        provider.ShowQr("2@next-code");
        var rotated = await stream.NextEventAsync();
        Assert.NotEqual((string)linking["qr_version"]!, (string)rotated["qr_version"]!);

        provider.Scanned();
        var connected = await stream.NextEventAsync();
        Assert.Equal(ChatStatus.Connected, (string)connected["status"]!);
        Assert.Null(connected["qr_version"]);

        provider.Report(ChatStatus.LoggedOut);
        var ended = await stream.NextEventAsync();
        Assert.True((bool)ended["ended"]!);
        Assert.StartsWith("Logged out", (string)ended["text"]!);
        Assert.DoesNotContain(RecordingChatProvider.Qr, stream.Received);
        Assert.DoesNotContain("2@next-code", stream.Received);
    }

    [Fact]
    public async Task A_bot_without_a_session_streams_not_linked_and_then_its_new_session()
    {
        using var stream = await EventStream.OpenAsync(_admin, $"/bots/{Wendy}/link/events");

        var idle = await stream.NextEventAsync();
        Assert.Equal(ChatStatus.Disconnected, (string)idle["status"]!);
        Assert.True((bool)idle["ended"]!);

        await _app.LinkBotAsync(Wendy);

        Assert.Equal(ChatStatus.Linking, (string)(await stream.NextEventAsync())["status"]!);
    }

    [Fact]
    public async Task An_open_stream_heartbeats_every_interval_and_a_closed_one_stops()
    {
        await _app.LinkBotAsync(Wendy);
        var provider = Assert.Single(_whatsApp.Created);
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Service<LinkWatchers>().WatchEnded += userId => ended.TrySetResult(userId);
        var stream = await EventStream.OpenAsync(_admin, $"/bots/{Wendy}/link/events");
        await stream.NextEventAsync();
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
        using var stream = await EventStream.OpenAsync(_admin, $"/bots/{Wendy}/link/events");

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", stream.Response.Headers.CacheControl?.ToString());
    }

    // The client side of a Server-Sent Events stream: its data events as JSON, its comments, everything read.
    private sealed class EventStream : IDisposable
    {
        public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        private readonly CancellationTokenSource _closed = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        private readonly StreamReader _reader;
        private readonly System.Text.StringBuilder _received = new();

        private EventStream(HttpResponseMessage response, Stream body)
        {
            Response = response;
            _reader = new StreamReader(body);
        }

        public HttpResponseMessage Response { get; }

        public string Received => _received.ToString();

        public static async Task<EventStream> OpenAsync(HttpClient client, string url)
        {
            var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return new EventStream(response, await response.Content.ReadAsStreamAsync(Ct));
        }

        public async Task<JsonObject> NextEventAsync()
        {
            while (await NextBlockAsync() is { } block)
            {
                if (block.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return JsonNode.Parse(block["data: ".Length..])!.AsObject();
                }
            }
            throw new Xunit.Sdk.XunitException("The stream ended before the next event.");
        }

        public async Task<bool> NextCommentAsync()
        {
            while (await NextBlockAsync() is { } block)
            {
                if (block.StartsWith(':'))
                {
                    return true;
                }
            }
            return false;
        }

        // One event block: its lines up to the blank line that ends it.
        private async Task<string?> NextBlockAsync()
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
            patience.CancelAfter(Patience);
            var lines = new List<string>();
            while (await _reader.ReadLineAsync(patience.Token) is { } line)
            {
                _received.AppendLine(line);
                if (line.Length == 0)
                {
                    return string.Join('\n', lines);
                }
                lines.Add(line);
            }
            return null;
        }

        // Closing the page: the request is aborted, as a browser does.
        public void Dispose()
        {
            _closed.Cancel();
            _reader.Dispose();
            Response.Dispose();
            _closed.Dispose();
        }
    }
}
