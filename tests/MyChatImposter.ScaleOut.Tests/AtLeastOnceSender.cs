using System.Diagnostics;

namespace MyChatImposter.ScaleOut.Tests;

// The WhatsApp bridge's side of the contract: every message is sent until acknowledged, with the same provider
// message id each time, so the host sees it at least once and must keep it exactly once. What it went through
// is kept for the report: failed attempts, and the longest a message waited for its acknowledgement.
public sealed class AtLeastOnceSender(IBotInboxGrain bot)
{
    // Far beyond a silo's departure in ScaleOutCluster; a sender still failing after this many attempts is a
    // failure to fail over, not a slow one.
    private const int MaxAttempts = 200;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(200);

    public int Retries { get; private set; }

    // From a message's first attempt to its acknowledgement, the longest so far.
    public TimeSpan LongestWait { get; private set; }

    public async Task<InboxReceipt> SendAsync(InboundEnvelope message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var receipt = await bot.AcceptAsync(message).WaitAsync(cancellationToken);
                var waited = Stopwatch.GetElapsedTime(started);
                LongestWait = waited > LongestWait ? waited : LongestWait;
                return receipt;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"{message.ProviderMessageId} was not acknowledged after {MaxAttempts} attempts.", error);
                }
                Retries++;
            }
            await Task.Delay(backoff, cancellationToken);
            backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
        }
    }
}
