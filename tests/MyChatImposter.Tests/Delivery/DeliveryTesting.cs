using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Delivery;

// Driving a host's delivery with its fake clock: enqueue, then let the sender run, advancing the clock
// through each of its waits and recording them, until it has nothing left to send.
internal static class DeliveryTesting
{
    public const int Seed = 2026;
    // A deadline for a signal, generous for a loaded machine; never a sleep.
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // As ImposterApp does with its own folder: a file still held open leaves litter, it does not fail a test.
    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // A host whose delivery draws its jitter from Random(Seed).
    public static ImposterApp App(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null) =>
        new(settings, dataDirectory) { ConfigureServices = services => services.AddSingleton(new DeliveryRandom(new Random(Seed))) };

    public static async Task<string> EnqueueTextAsync(this ImposterApp app, string userId, string recipient, string text, string origin = "test") =>
        (await app.Service<IDeliveryQueue>().EnqueueAsync(new OutboundMessage(userId, recipient, new TextContent(text), origin), Ct)).Value;

    // An item written straight to the store, the way an earlier process (or a crash) left it.
    public static Task<DeliveryItem> AddItemAsync(this ImposterApp app, string userId, string recipient, string text,
        DeliveryState state = DeliveryState.Active, int attempts = 0, DateTimeOffset? sendingSince = null, string messageType = DeliveryContent.Text,
        string? content = null)
    {
        var json = content ?? DeliveryContent.Encode(new TextContent(text)).Json;
        return app.Service<IDeliveryStore>().AddAsync(new DeliveryItem(Guid.NewGuid().ToString(), userId, "sandbox", recipient, "test",
            messageType, json, state, attempts, app.Time.GetUtcNow()) { SendingSince = sendingSince }, Ct);
    }

    // An item whose one attempt failed for good.
    public static async Task<string> FailedItemAsync(this ImposterApp app, string userId, string text)
    {
        var store = app.Service<IDeliveryStore>();
        var id = (await app.AddItemAsync(userId, "alice", text)).Id;
        Assert.True(await store.ClaimAsync(id, app.Time.GetUtcNow(), Ct));
        Assert.True(await store.FailAsync(id, "IOException: refused", app.Time.GetUtcNow(), Ct));
        return id;
    }

    public static async Task<DeliveryItem> ItemAsync(this ImposterApp app, string id) =>
        await app.Service<IDeliveryStore>().GetAsync(id, Ct) ?? throw new Xunit.Sdk.XunitException($"item {id} is gone");

    public static async Task<IReadOnlyList<DeliveryItem>> ItemsAsync(this ImposterApp app, string userId, DeliveryState state) =>
        await app.Service<IDeliveryStore>().ListAsync(userId, state, 0, DeliveryStates.MaxPage, Ct);

    // The texts the sandbox network accepted from the user, in order.
    public static IReadOnlyList<string> SentTexts(this ImposterApp app, string userId, string? recipient = null) =>
        [.. app.Service<SandboxWorld>().Outbound(userId, 0).Where(message => recipient is null || message.Recipient == recipient).Select(message => message.Text!)];

    public static IReadOnlyList<SandboxOutboundMessage> SentMessages(this ImposterApp app, string userId) =>
        app.Service<SandboxWorld>().Outbound(userId, 0);

    // The sandbox's sends of a connected user once there are at least `count`, for what something else
    // enqueues (an auto-reply). The sender changes state after every send, which is when this looks again.
    public static async Task<IReadOnlyList<SandboxOutboundMessage>> SentMessagesAsync(this ImposterApp app, string userId, int count)
    {
        var sender = await app.SenderAsync(userId);
        await sender.WaitForAsync(_ => app.SentMessages(userId).Count >= count, Ct).WaitAsync(SignalTimeout, Ct);
        return app.SentMessages(userId);
    }

    // Saves and links a sandbox bot and returns its sender once the connected report has been applied.
    public static async Task<DeliverySender> ConnectAsync(this ImposterApp app, string userId)
    {
        if (await app.StoredBotAsync(userId) is null)
        {
            await app.SaveBotAsync(userId);
        }
        await app.LinkBotAsync(userId);
        return await app.SenderAsync(userId);
    }

    public static async Task<DeliverySender> SenderAsync(this ImposterApp app, string userId)
    {
        await app.Service<DeliveryQueue>().WhenTransitionsDoneAsync().WaitAsync(SignalTimeout, Ct);
        return app.Service<DeliveryQueue>().SenderOf(userId) ?? throw new Xunit.Sdk.XunitException($"{userId} has no sender");
    }

    public static Task TransitionsDoneAsync(this ImposterApp app) =>
        app.Service<DeliveryQueue>().WhenTransitionsDoneAsync().WaitAsync(SignalTimeout, Ct);

    // The waits the sender went through, each with how long it was (Until - the clock when it began).
    public sealed record Wait(SenderActivity Activity, TimeSpan Duration, string? Reason, DateTimeOffset At);

    // Lets the sender run, advancing the clock through each wait it is in, until it is idle with nothing
    // active left, or `until` holds for a wait. Every wait on the way is returned. An idle state seen while
    // active items exist is one a wake is about to end (an item enqueued after the sender looked).
    public static async Task<List<Wait>> DriveAsync(this ImposterApp app, DeliverySender sender, Func<Wait, bool>? until = null)
    {
        var waits = new List<Wait>();
        var step = 0L;
        while (true)
        {
            var state = await sender.WaitForAsync(
                    seen => seen.Step > step && seen.Activity is SenderActivity.Idle or SenderActivity.Waiting or SenderActivity.Pausing
                        or SenderActivity.Typing or SenderActivity.Stopped, Ct)
                .WaitAsync(SignalTimeout, Ct);
            step = state.Step;
            if (state.Activity == SenderActivity.Idle
                && (await app.Service<IDeliveryStore>().ActiveHeadsAsync(sender.Session.UserId, Ct)).Count > 0)
            {
                continue;
            }
            var now = app.Time.GetUtcNow();
            var wait = new Wait(state.Activity, state.Until is { } end ? end - now : TimeSpan.Zero, state.Reason, now);
            waits.Add(wait);
            if (state.Activity is SenderActivity.Idle or SenderActivity.Stopped || until?.Invoke(wait) == true)
            {
                return waits;
            }
            if (state.Until is null)
            {
                throw new Xunit.Sdk.XunitException($"the sender waits without a deadline: {state.Reason}");
            }
            if (wait.Duration > TimeSpan.Zero)
            {
                app.Time.Advance(wait.Duration);
            }
        }
    }
}
