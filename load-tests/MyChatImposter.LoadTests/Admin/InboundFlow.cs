using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MyChatImposter.LoadTests.Admin;

// Contacts writing to the sandbox bots at a fixed rate (an open model: a message leaves on schedule whether
// or not earlier ones were answered), spread over the bots and 50 correspondents each. A message is
// accepted when the host answers 202; anything else, or no answer, loses it.
public sealed class InboundFlow(HttpClient client, IReadOnlyList<string> botIds, int ratePerSecond)
{
    private const int CorrespondentsPerBot = 50;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private OperationStats _stats = new();
    private long _sequence;
    private long _inFlight;

    public long InFlight => Interlocked.Read(ref _inFlight);

    // What the current phase has recorded so far (requests, errors): for the progress line.
    public (long Sent, long Errors) Counts()
    {
        lock (_gate)
        {
            return (_stats.Requests, _stats.ErrorCount);
        }
    }

    // Sends for the whole of `duration`, then waits for the answers still out; returns what the phase saw.
    public async Task<OperationStats> RunAsync(string phase, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stats = new OperationStats();
        }
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();
        long scheduled = 0;
        using var timer = new PeriodicTimer(Tick);
        while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var due = (long)(Math.Min(clock.Elapsed.TotalSeconds, duration.TotalSeconds) * ratePerSecond);
            for (; scheduled < due; scheduled++)
            {
                sends.Add(SendOneAsync(phase, Interlocked.Increment(ref _sequence), cancellationToken));
            }
        }
        await Task.WhenAll(sends);
        lock (_gate)
        {
            return _stats;
        }
    }

    private async Task SendOneAsync(string phase, long sequence, CancellationToken cancellationToken)
    {
        var botId = botIds[(int)(sequence % botIds.Count)];
        var body = new JsonObject
        {
            ["message_id"] = $"{phase}-{sequence}",
            ["correspondent_id"] = Correspondent(sequence / botIds.Count % CorrespondentsPerBot),
            ["display_name"] = "Contact",
            ["text"] = $"Message {sequence}: are we still on for tomorrow?",
        };
        Interlocked.Increment(ref _inFlight);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.PostAsync($"/api/external/users/{botId}/sandbox/inbound",
                new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            lock (_gate)
            {
                _stats.RecordResponse(elapsed, (int)response.StatusCode, response.StatusCode == HttpStatusCode.Accepted);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _stats.RecordNoResponse(exception);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public static string Correspondent(long index) => $"{447700000000L + index}@s.whatsapp.net";
}
