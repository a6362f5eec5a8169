using System.Diagnostics;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// Waits and reads for tests spanning processes (the bridge, a host process).
public static class CrossProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // For what only another process knows (how far the fake's stream got, what it holds unacknowledged, what a
    // host process wrote): there is no event to await across the process boundary, so it is asked every 50 ms
    // until a deadline.
    public static async Task EventuallyAsync(
        Func<Task<bool>> condition, string what, TimeSpan? timeout = null, CancellationToken? cancellationToken = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed >= (timeout ?? Timeout))
            {
                throw new TimeoutException($"timed out waiting for: {what}");
            }
            await Task.Delay(50, cancellationToken ?? TestContext.Current.CancellationToken);
        }
    }

    // Every archived message id of the user, all correspondents, each as often as it is archived.
    public static async Task<List<string>> ArchivedIdsAsync(IMessageArchive archive, string userId)
    {
        var ids = new List<string>();
        foreach (var correspondent in await archive.CorrespondentsAsync(userId, TestContext.Current.CancellationToken))
        {
            for (long after = 0; ;)
            {
                var page = await archive.ReadAsync(userId, correspondent, after, 1000, TestContext.Current.CancellationToken);
                if (page.Count == 0)
                {
                    break;
                }
                ids.AddRange(page.Select(message => message.ProviderMessageId));
                after = page[^1].Id;
            }
        }
        return ids;
    }
}
