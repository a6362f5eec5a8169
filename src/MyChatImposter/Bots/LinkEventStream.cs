using Microsoft.AspNetCore.Http.Features;
using MyChatImposter.ChatProviders.WhatsApp;
using MyChatImposter.Pages.Bots;

namespace MyChatImposter.Bots;

// GET /bots/{user_id}/link/events: the link page follows its bot's status as Server-Sent Events, one
// `data:` event per status ({status, text, ended, qr_version}; never the QR text, which only the image
// carries), and a comment every heartbeat interval. While the stream is open it tells the provider someone
// is looking at the QR (spec/09 §7): closing the page lets the bridge end a link nobody finishes within
// about 5 s; a linked session ignores heartbeats, so leaving never ends it.
public sealed class LinkEventStream(ChatSessions sessions, LinkWatchers watchers, TimeProvider time, IOptions<WhatsAppBridgeOptions> bridge)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record StatusEvent(string Status, string Text, bool Ended, string? QrVersion);

    public static StatusEvent EventFor(ChatStatus? status) => new(
        status?.Status ?? ChatStatus.Disconnected, LinkStatusText.Describe(status), status is null || status.IsEnded,
        LinkStatusText.QrVersion(status));

    public async Task RunAsync(string userId, HttpResponse response, CancellationToken requestAborted)
    {
        // Subscribed before the current status is read: a change in between is sent twice, never lost.
        using var watch = watchers.Watch(userId);
        using var heartbeat = new PeriodicTimer(bridge.Value.HeartbeatInterval, time);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            Heartbeat(userId);
            await WriteAsync(response, EventFor(sessions.Get(userId)?.Status), requestAborted);
            var statusWaiting = watch.Statuses.WaitToReadAsync(requestAborted).AsTask();
            var tick = heartbeat.WaitForNextTickAsync(requestAborted).AsTask();
            while (true)
            {
                if (await Task.WhenAny(statusWaiting, tick) == statusWaiting)
                {
                    if (!await statusWaiting)
                    {
                        return;
                    }
                    while (watch.Statuses.TryRead(out var status))
                    {
                        await WriteAsync(response, EventFor(status), requestAborted);
                    }
                    statusWaiting = watch.Statuses.WaitToReadAsync(requestAborted).AsTask();
                }
                else
                {
                    if (!await tick)
                    {
                        return;
                    }
                    Heartbeat(userId);
                    // Keeps proxies from closing an idle stream and lets the server notice a gone client.
                    await response.WriteAsync(": keep-alive\n\n", requestAborted);
                    await response.Body.FlushAsync(requestAborted);
                    tick = heartbeat.WaitForNextTickAsync(requestAborted).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            // The page was closed: the normal end of the stream.
        }
    }

    private void Heartbeat(string userId) => sessions.Get(userId)?.Provider.Heartbeat();

    private static async Task WriteAsync(HttpResponse response, StatusEvent statusEvent, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {JsonSerializer.Serialize(statusEvent, Json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
