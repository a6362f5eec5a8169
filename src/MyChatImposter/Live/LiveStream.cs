using Microsoft.AspNetCore.Http.Features;
using MyChatImposter.ChatProviders.WhatsApp;

namespace MyChatImposter.Live;

// One open page's Server-Sent Events: a `retry:` hint, a `snapshot` event, then one event per change the
// page shows (`status`, `delivery`, `llm`, `chat`; LiveViews has their shapes), and a comment every heartbeat
// interval so proxies keep an idle stream open and a gone browser is noticed. It ends when the page closes
// or the host begins to stop, so an open page never holds up a shutdown. Written by hand rather than with
// TypedResults.ServerSentEvents: SseItem has no way to write the comment heartbeat or the retry hint alone.
public sealed class LiveStream(
    LiveHub hub, LiveViews views, ChatSessions sessions, TimeProvider time, IHostApplicationLifetime lifetime,
    IOptions<WhatsAppBridgeOptions> bridge)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    // How long a browser waits before it reconnects a dropped stream.
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // userId null: every bot (an administrator's dashboard).
    public async Task RunAsync(HttpContext context, string? userId, LivePage page)
    {
        // Subscribed before the snapshot is read: a change in between is sent after it, never lost.
        using var subscription = hub.Subscribe(userId);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancel = ending.Token;
        using var heartbeat = new PeriodicTimer(page == LivePage.Link ? bridge.Value.HeartbeatInterval : HeartbeatInterval, time);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            KeepQrAlive(userId, page);
            await WriteAsync(response, $"retry: {(long)ReconnectAfter.TotalMilliseconds}\n\n", cancel);
            await WriteEventAsync(response, "snapshot", await views.SnapshotAsync(userId, cancel), cancel);
            var changes = subscription.Events.WaitToReadAsync(cancel).AsTask();
            var tick = heartbeat.WaitForNextTickAsync(cancel).AsTask();
            while (true)
            {
                if (await Task.WhenAny(changes, tick) == changes)
                {
                    if (!await changes)
                    {
                        return;
                    }
                    await WriteChangesAsync(response, subscription, userId, page, cancel);
                    changes = subscription.Events.WaitToReadAsync(cancel).AsTask();
                }
                else
                {
                    if (!await tick)
                    {
                        return;
                    }
                    KeepQrAlive(userId, page);
                    await WriteAsync(response, ": keep-alive\n\n", cancel);
                    tick = heartbeat.WaitForNextTickAsync(cancel).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The page was closed or the host is stopping: the normal end of a stream.
        }
    }

    // Everything waiting is written in one go; depths are read once per bot for the lot.
    private async Task WriteChangesAsync(
        HttpResponse response, LiveSubscription subscription, string? userId, LivePage page, CancellationToken cancel)
    {
        var waiting = new List<LiveEvent>();
        while (subscription.Events.TryRead(out var change))
        {
            waiting.Add(change);
        }
        if (subscription.TakeMissed())
        {
            await WriteEventAsync(response, "snapshot", await views.SnapshotAsync(userId, cancel), cancel);
            return;
        }
        var latestDelivery = waiting.OfType<DeliveryChanged>().GroupBy(change => change.UserId).Select(group => group.Last()).ToHashSet();
        foreach (var change in waiting.Where(candidate => page.Shows(candidate)))
        {
            switch (change)
            {
                case SessionStatusChanged status:
                    await WriteEventAsync(response, "status", LiveViews.Status(status.UserId, status.Status), cancel);
                    break;
                case DeliveryChanged delivery when latestDelivery.Contains(delivery):
                    await WriteEventAsync(response, "delivery", await views.DeliveryAsync(delivery, cancel), cancel);
                    break;
                case LlmHealthChanged llm:
                    await WriteEventAsync(response, "llm", views.Llm(llm.UserId), cancel);
                    break;
                case SandboxMessage message:
                    await WriteEventAsync(response, "chat", LiveViews.Chat(message), cancel);
                    break;
            }
        }
    }

    private void KeepQrAlive(string? userId, LivePage page)
    {
        if (page == LivePage.Link && userId is not null)
        {
            sessions.Get(userId)?.Provider.Heartbeat();
        }
    }

    private static Task WriteEventAsync<T>(HttpResponse response, string type, T data, CancellationToken cancel) =>
        WriteAsync(response, $"event: {type}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancel);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancel)
    {
        await response.WriteAsync(text, cancel);
        await response.Body.FlushAsync(cancel);
    }
}
