using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;

namespace MyChatImposter.LoadTests;

// Issue 11, hole 3: a flood of wrong-password sign-ins from many addresses, and meanwhile a person signing
// in from an address of their own and a monitor asking /health. The host is started here with 127.0.0.1 as
// its trusted proxy, so each flooder can present an address of its own in X-Forwarded-For, as hosts behind
// a reverse proxy see them; the per-address rate limit and lockout stay at their defaults.
public static class LoginFloodBenchmark
{
    public const string Usage = """
        login-flood [--flooders N] [--duration 30s] [--pace-ms 0] [--probe-every-ms 1000] [--host-dll PATH]
          N connections (default 200), each from an address of its own, post wrong passwords without pause: half
          of them for the real account, half for made-up ids. With --pace-ms P each flooder sends one attempt
          every P ms instead (from a random start), e.g. 6000: just within the per-address limit of 10 a minute,
          so the password checks are under pressure all the time rather than in a burst each minute. Every probe interval a correct sign-in from a new
          address and a GET /health are timed. Passes when every probe sign-in after the first --settle-s seconds
          (default 10) answered 200 within 2 s. Before that every flood address is as new as the person's, so
          the person waits in the same line; those probes are reported apart.
          --host-dll: the host build to start (default: this repository's Release build), e.g. an older commit's.
          Arguments after -- go to the host, e.g. -- --Auth:MaxConcurrentPasswordChecks 1
        """;

    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(string[] args, string repositoryRoot, string reportDirectory, CancellationToken cancellationToken)
    {
        (args, var hostArguments) = PipelineBenchmark.SplitHostArguments(args);
        var flooders = PipelineBenchmark.IntOption(args, "--flooders", 200);
        var duration = TimeSpan.FromSeconds(PipelineBenchmark.IntOption(args, "--duration", 30));
        var pace = TimeSpan.FromMilliseconds(PipelineBenchmark.IntOption(args, "--pace-ms", 0));
        var settle = TimeSpan.FromSeconds(PipelineBenchmark.IntOption(args, "--settle-s", 10));
        var probeEvery = TimeSpan.FromMilliseconds(PipelineBenchmark.IntOption(args, "--probe-every-ms", 1000));
        var hostDll = PipelineBenchmark.StringOption(args, "--host-dll");

        await using var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            ["--Auth:TrustedProxies:0", "127.0.0.1", "--Auth:LoginAttemptsPerMinute", "10", "--Logging:LogLevel:Default", "Warning", .. hostArguments],
            hostDll);
        Console.Error.WriteLine($"login-flood: {flooders} flooders for {duration.TotalSeconds:0} s against {host.Description}");

        using var floodHandler = new SocketsHttpHandler { MaxConnectionsPerServer = flooders, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var floodClient = new HttpClient(floodHandler) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        using var probeClient = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var floodStatuses = new ConcurrentDictionary<string, int>();
        var floodLatency = new LongHistogram(TimeStamp.Minutes(2), 3);
        var floodTasks = Enumerable.Range(0, flooders)
            .Select(index => FloodAsync(floodClient, index, pace, floodStatuses, floodLatency, stop.Token))
            .ToList();

        var cpuBefore = host.CpuTime();
        var run = Stopwatch.StartNew();
        var probes = new List<ProbeResult>();
        var probeIndex = 0;
        while (run.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            var next = run.Elapsed + probeEvery;
            probes.Add(await ProbeAsync(probeClient, probeIndex++, run.Elapsed, cancellationToken));
            if (next > run.Elapsed)
            {
                await Task.Delay(next - run.Elapsed, cancellationToken);
            }
        }
        var hostCpu = host.CpuTime() - cpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(floodTasks);
        run.Stop();

        var early = probes.Where(probe => probe.At < settle).ToList();
        probes = probes.Where(probe => probe.At >= settle).ToList();
        var logins = probes.Select(probe => probe.Login.TotalMilliseconds).Order().ToList();
        var health = probes.Select(probe => probe.Health.TotalMilliseconds).Order().ToList();
        var failedProbes = probes.Count(probe => probe.LoginStatus != HttpStatusCode.OK);
        var slowProbes = probes.Count(probe => probe.Login > Goal);
        var report = new
        {
            scenario = "login-flood",
            when = DateTimeOffset.UtcNow,
            machine = Environment.ProcessorCount + " cores",
            host = host.Description,
            flooders,
            host_arguments = string.Join(' ', hostArguments),
            pace_ms = pace.TotalMilliseconds,
            duration_seconds = run.Elapsed.TotalSeconds,
            flood_requests = floodLatency.TotalCount,
            flood_statuses = floodStatuses.OrderBy(pair => pair.Key).ToDictionary(),
            flood_latency_ms = new { p50 = Ms(floodLatency, 50), p99 = Ms(floodLatency, 99), max = floodLatency.GetMaxValue() / 1000.0 },
            settle_seconds = settle.TotalSeconds,
            early_probes = early.Select(probe => $"{(int)probe.LoginStatus} in {probe.Login.TotalMilliseconds:0} ms").ToList(),
            probe_logins = probes.Count,
            probe_login_failures = failedProbes,
            probe_logins_over_2s = slowProbes,
            probe_login_ms = Percentiles(logins),
            health_ms = Percentiles(health),
            host_cpu_seconds = hostCpu?.TotalSeconds,
            // Each probe: seconds since the flood began, the sign-in's status and milliseconds, /health's milliseconds.
            probes_timeline = early.Concat(probes).Select(probe => new
            {
                at_s = Math.Round(probe.At.TotalSeconds, 1),
                status = (int)probe.LoginStatus,
                login_ms = Math.Round(probe.Login.TotalMilliseconds),
                health_ms = Math.Round(probe.Health.TotalMilliseconds),
            }).ToList(),
        };
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
        Directory.CreateDirectory(reportDirectory);
        var path = Path.Combine(reportDirectory, $"login-flood-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, json, CancellationToken.None);
        Console.WriteLine(json);
        Console.Error.WriteLine($"Wrote {path}");
        return failedProbes == 0 && slowProbes == 0 ? 0 : 1;
    }

    private sealed record ProbeResult(TimeSpan At, HttpStatusCode LoginStatus, TimeSpan Login, TimeSpan Health);

    // One person: a correct sign-in from an address nobody used before, then a look at /health.
    private static async Task<ProbeResult> ProbeAsync(HttpClient client, int index, TimeSpan at, CancellationToken cancellationToken)
    {
        var login = new HttpRequestMessage(HttpMethod.Post, "/api/external/auth/login")
        {
            Content = JsonContent.Create(new { user_id = HostUnderTest.AdminUser, password = HostUnderTest.AdminPassword }),
        };
        login.Headers.Add("X-Forwarded-For", $"198.18.{index / 250}.{index % 250 + 1}");
        var timer = Stopwatch.StartNew();
        HttpStatusCode status;
        try
        {
            using var response = await client.SendAsync(login, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        var loginTime = timer.Elapsed;

        timer.Restart();
        using (var healthResponse = await client.GetAsync("/health", cancellationToken))
        {
            await healthResponse.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        return new ProbeResult(at, status, loginTime, timer.Elapsed);
    }

    private static async Task FloodAsync(
        HttpClient client, int index, TimeSpan pace, ConcurrentDictionary<string, int> statuses, LongHistogram latency, CancellationToken stop)
    {
        if (pace > TimeSpan.Zero)
        {
            await PauseAsync(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * pace.TotalMilliseconds), stop);
        }
        var address = $"10.{index / 250 % 250}.{index % 250}.1";
        var userId = index % 2 == 0 ? HostUnderTest.AdminUser : $"made-up-{index}";
        while (!stop.IsCancellationRequested)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/external/auth/login")
            {
                Content = JsonContent.Create(new { user_id = userId, password = "Wrong-Passw0rd!" }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            var started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                using var response = await client.SendAsync(request, stop);
                await response.Content.ReadAsByteArrayAsync(stop);
                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                outcome = e.HttpRequestError.ToString();
            }
            lock (latency)
            {
                latency.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            statuses.AddOrUpdate(outcome, 1, (_, count) => count + 1);
            if (pace > TimeSpan.Zero)
            {
                await PauseAsync(pace, stop);
            }
        }
    }

    private static async Task PauseAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over; the loop ends on its next check.
        }
    }

    private static object Percentiles(List<double> sorted) => sorted.Count == 0
        ? new { p50 = 0.0, p90 = 0.0, max = 0.0 }
        : new
        {
            p50 = Math.Round(sorted[(int)(0.5 * (sorted.Count - 1))], 1),
            p90 = Math.Round(sorted[(int)(0.9 * (sorted.Count - 1))], 1),
            max = Math.Round(sorted[^1], 1),
        };

    private static double Ms(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;
}
