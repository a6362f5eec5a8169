using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MyChatImposter.LoadTests.Scenarios;

namespace MyChatImposter.LoadTests;

// One simulated client: its own connection and cookie container, sending one request at a time (a closed loop:
// the next request leaves when the previous answer has arrived).
public sealed class VirtualUser : IDisposable
{
    // Long enough that a slow host shows up in the percentiles rather than as timeouts.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();
    private Phase? _phase;
    private Dictionary<string, OperationStats> _stats = [];
    private long _nextIteration;

    public VirtualUser(int index, Uri baseAddress)
    {
        Index = index;
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, UseCookies = true })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
    }

    public int Index { get; }

    public async Task LogInAsync(string userId, string password, CancellationToken cancellationToken)
    {
        const string path = "/api/external/auth/login";
        using var response = await _client.PostAsJsonAsync(
            path, new Dictionary<string, string> { ["user_id"] = userId, ["password"] = password }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"Virtual user {Index}: POST {path} as '{userId}' answered {(int)response.StatusCode} {response.ReasonPhrase}: {body[..Math.Min(body.Length, 500)]}");
        }
        // Without a cookie every later request would be anonymous and the figures would measure 401s.
        // CookieContainer also withholds Secure cookies from http:// addresses.
        if (_cookies.GetCookies(_client.BaseAddress!).Count == 0)
        {
            throw new InvalidOperationException(
                $"Virtual user {Index}: login answered 200 but left no cookie usable for {_client.BaseAddress} (a Secure cookie over http?).");
        }
    }

    // Sends the other user's session cookie from now on (its own connection, the same login).
    public void UseSessionOf(VirtualUser other) =>
        _cookies.Add(_client.BaseAddress!, other._cookies.GetCookies(other._client.BaseAddress!));

    // Runs iterations until the phase ends; returns what was recorded in this phase only.
    public async Task<IReadOnlyDictionary<string, OperationStats>> RunAsync(IScenario scenario, Phase phase)
    {
        _phase = phase;
        _stats = [];
        try
        {
            while (true)
            {
                await scenario.RunIterationAsync(this, _nextIteration++);
            }
        }
        catch (PhaseEndedException)
        {
            return _stats;
        }
    }

    // Sends one request and times it until the whole body has been read. Returns the body when the
    // status is the expected one, null otherwise (already counted as an error).
    public async Task<string?> SendAsync(
        string operation, HttpMethod method, string path, HttpContent? content = null,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var phase = _phase ?? throw new InvalidOperationException("SendAsync is only called from a running phase.");
        if (!phase.TryStartRequest())
        {
            throw new PhaseEndedException();
        }

        var stats = StatsFor(operation);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        // With a rate, the clock starts at the request's scheduled time: waiting for a free virtual user
        // because the host is slow counts as latency, as it would for a real client.
        var started = await phase.WaitForSlotAsync();
        try
        {
            using var response = await _client.SendAsync(request, phase.Cancellation);
            var body = await response.Content.ReadAsStringAsync(phase.Cancellation);
            var ok = response.StatusCode == expected;
            stats.RecordResponse(Stopwatch.GetElapsedTime(started), (int)response.StatusCode, ok);
            return ok ? body : null;
        }
        catch (OperationCanceledException) when (phase.Cancellation.IsCancellationRequested)
        {
            // Interrupted (Ctrl+C): the run is abandoned, not a failed request.
            throw new PhaseEndedException();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // TaskCanceledException here is HttpClient's timeout.
            stats.RecordNoResponse(e);
            return null;
        }
    }

    // A set-up request before any phase: not timed or recorded; anything but the expected status stops the run.
    public async Task PrepareAsync(
        HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, HttpStatusCode? alsoFine = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != alsoFine)
        {
            throw new InvalidOperationException(
                $"Set-up request {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    // For a failure the status code cannot show, such as a body that lacks what was just written.
    public void RecordError(string operation, string reason) => StatsFor(operation).RecordError(reason);

    public void Dispose() => _client.Dispose();

    private OperationStats StatsFor(string operation)
    {
        if (!_stats.TryGetValue(operation, out var stats))
        {
            _stats[operation] = stats = new OperationStats();
        }
        return stats;
    }

    private sealed class PhaseEndedException : Exception;
}

// A stretch of the run shared by all virtual users (warm-up or measurement) that ends at a deadline,
// after a number of requests, or on Ctrl+C, whichever comes first. Requests in flight then complete.
// With a rate, requests start on a shared schedule (request k at start + k / rate).
public sealed class Phase(TimeSpan? duration, long? requestLimit, int? rate, CancellationToken cancellation)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly long _deadline = duration is { } d ? Stopwatch.GetTimestamp() + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    private long _requestsStarted;
    private long _slots = -1;

    public CancellationToken Cancellation { get; } = cancellation;

    public bool TryStartRequest() =>
        !Cancellation.IsCancellationRequested
        && Stopwatch.GetTimestamp() < _deadline
        && (requestLimit is null || Interlocked.Increment(ref _requestsStarted) <= requestLimit);

    // Returns the timestamp the request counts from: now in a closed loop, its slot with a rate.
    public async Task<long> WaitForSlotAsync()
    {
        if (rate is not { } perSecond)
        {
            return Stopwatch.GetTimestamp();
        }
        var slot = _start + (long)(Interlocked.Increment(ref _slots) * (double)Stopwatch.Frequency / perSecond);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Cancellation);
        }
        // A timer may fire a little early; the clock never starts before the request does.
        return Math.Min(slot, Stopwatch.GetTimestamp());
    }
}
