using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests;

// Issue 12: WhatsApp messages into the archive through the real path, bridge → WebSocket → host pipeline →
// SQLite → ack → bridge outbox, with the fake bridge's sockets playing WhatsApp. Every linked user's fake
// socket emits as fast as the host acknowledges (at most --max-pending unacknowledged per user); the run
// ends when every message is acknowledged, and fails unless the archive holds exactly what was emitted.
// Then a second bridge, without a host, measures what a linked session costs the bridge in memory.
public static class BridgeIngestBenchmark
{
    public const string Usage = """
        bridge-ingest [--users 100] [--messages-per-user 2000] [--warmup-messages-per-user 500] [--batch 50] [--max-pending 1000]
                      [--sessions-for-memory 1000] [--host-dll PATH] [-- host arguments]
          Starts the fake bridge (node src/whatsapp-bridge/test-support/fake-main.js) and the Release host pointed
          at it (WhatsApp:Bridge:Url), links --users WhatsApp bots through the host's API and scans each through
          the fake. Then every user's fake socket emits --messages-per-user messages at once, in upserts of
          --batch, never more than --max-pending unacknowledged per user. Reports messages/s, emit → archive
          acknowledgement latency (measured by the bridge, after an unmeasured warm-up stream of
          --warmup-messages-per-user each), CPU and resident memory of host and bridge, and
          fails unless every user's archive (read through the REST API) holds exactly the messages emitted.
          Then a fresh bridge alone links --sessions-for-memory users (0: skip) and reports memory per session.
          Arguments after -- go to the host, e.g. -- --Storage:Sqlite:Synchronous Normal
        """;

    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, string repositoryRoot, string reportDirectory, CancellationToken cancellationToken)
    {
        (args, var hostArguments) = PipelineBenchmark.SplitHostArguments(args);
        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var settings = new IngestSettings(
            Users: PipelineBenchmark.IntOption(args, "--users", 100),
            MessagesPerUser: PipelineBenchmark.IntOption(args, "--messages-per-user", 2_000),
            WarmupMessagesPerUser: PipelineBenchmark.IntOption(args, "--warmup-messages-per-user", 500),
            Batch: PipelineBenchmark.IntOption(args, "--batch", 50),
            MaxPending: PipelineBenchmark.IntOption(args, "--max-pending", 1_000),
            SessionsForMemory: PipelineBenchmark.IntOption(args, "--sessions-for-memory", 1_000),
            HostArguments: string.Join(' ', hostArguments));
        var hostDll = PipelineBenchmark.StringOption(args, "--host-dll");
        var machine = MachineInfo.Current();

        var scratch = Directory.CreateTempSubdirectory("mychatimposter-bridge-ingest-");
        try
        {
            var ingest = await MeasureIngestAsync(settings, repositoryRoot, Path.Combine(scratch.FullName, "bridge"), hostDll, hostArguments, cancellationToken);
            var memory = settings.SessionsForMemory > 0
                ? await MeasureSessionMemoryAsync(settings.SessionsForMemory, repositoryRoot, Path.Combine(scratch.FullName, "memory-bridge"), cancellationToken)
                : null;

            var report = new { scenario = "bridge-ingest", when = DateTimeOffset.UtcNow, machine, settings, ingest, memory };
            var markdown = ToMarkdown(machine, settings, ingest, memory);
            Directory.CreateDirectory(reportDirectory);
            var stem = Path.Combine(reportDirectory, $"bridge-ingest-{DateTime.UtcNow:yyyyMMddTHHmmssZ}");
            await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
            await File.WriteAllTextAsync(stem + ".md", markdown, CancellationToken.None);
            Console.WriteLine(markdown);
            Console.Error.WriteLine($"Wrote {stem}.json and {stem}.md");
            return ingest.Lost == 0 && ingest.Duplicates == 0 && ingest.Failure is null ? 0 : 1;
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a finished run for.
            }
        }
    }

    public sealed record IngestSettings(int Users, int MessagesPerUser, int WarmupMessagesPerUser, int Batch, int MaxPending, int SessionsForMemory, string HostArguments);

    public sealed record IngestResult(
        long Emitted, long Archived, long Lost, long Duplicates, double ElapsedSeconds, double MessagesPerSecond,
        double AckP50Ms, double AckP90Ms, double AckP99Ms, double AckMaxMs, long AckCount,
        double HostCpuSeconds, double BridgeCpuSeconds, double HarnessCpuSeconds, double? MachineBusyCpuSeconds,
        double HostRssMiB, double HostPeakRssMiB, double BridgeRssMiB, double BridgeHeapUsedMiB, double LinkSeconds, string? Failure);

    public sealed record SessionMemoryResult(
        int Sessions, double RssBeforeMiB, double RssAfterMiB, double HeapUsedBeforeMiB, double HeapUsedAfterMiB,
        double RssKiBPerSession, double HeapUsedKiBPerSession, double LinkSeconds, double SettleSeconds);

    private static async Task<IngestResult> MeasureIngestAsync(
        IngestSettings settings, string repositoryRoot, string bridgeData, string? hostDll, string[] hostArguments, CancellationToken cancellationToken)
    {
        await using var bridge = await FakeBridge.StartAsync(repositoryRoot, bridgeData, cancellationToken);
        await using var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            [
                "--WhatsApp:Bridge:Url", bridge.BaseAddress.ToString(), "--WhatsApp:Bridge:Secret", bridge.Secret,
                // Per-message Information lines would cost the host CPU for a console nobody reads.
                "--Logging:LogLevel:Default", "Warning",
                .. hostArguments,
            ],
            hostDll);
        Console.Error.WriteLine($"bridge-ingest: bridge at {bridge.BaseAddress}, host {host.Description}");

        using var admin = await SignInAsync(host.BaseAddress, cancellationToken);
        var users = Enumerable.Range(0, settings.Users).Select(index => $"ingest-{index:D4}").ToList();
        var linking = Stopwatch.StartNew();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (userId, token) => await LinkThroughHostAsync(admin, bridge, userId, token));
        var linkSeconds = linking.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"bridge-ingest: {users.Count} users linked and connected in {linkSeconds:F1} s; streaming {settings.MessagesPerUser} each...");

        // The host has just started: its JIT would otherwise spend the first seconds of the measured run
        // compiling (a quarter of its CPU, perf showed). A short stream for every user first, not measured.
        long warmupEmitted = 0;
        if (settings.WarmupMessagesPerUser > 0)
        {
            var warmup = await StreamAsync(bridge, host, users, settings.WarmupMessagesPerUser, "warmup", settings, cancellationToken);
            if (warmup.Failure is not null)
            {
                throw new InvalidOperationException($"Warm-up: {warmup.Failure}");
            }
            warmupEmitted = warmup.Emitted;
            await bridge.SendAsync(HttpMethod.Delete, "fake/latency", cancellationToken);
            Console.Error.WriteLine($"bridge-ingest: warm-up of {warmup.Emitted} messages in {warmup.Elapsed.TotalSeconds:F1} s; measuring...");
        }

        var hostCpu = host.CpuTime();
        var bridgeCpu = bridge.CpuTime();
        var harnessCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machineCpu = MachineInfo.BusyCpuTime();
        var (elapsed, emitted, failure) = await StreamAsync(bridge, host, users, settings.MessagesPerUser, "m", settings, cancellationToken);
        var hostCpuSeconds = (host.CpuTime() - hostCpu)?.TotalSeconds ?? 0;
        var bridgeCpuSeconds = (bridge.CpuTime() - bridgeCpu).TotalSeconds;
        var harnessCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpu).TotalSeconds;
        var machineCpuSeconds = (MachineInfo.BusyCpuTime() - machineCpu)?.TotalSeconds;
        var latency = await bridge.GetAsync("fake/latency", cancellationToken);

        var (bridgeRss, bridgeHeap, _) = await bridge.StatsAsync(cancellationToken);
        var hostRss = host.WorkingSetBytes() ?? 0;
        var hostPeak = host.PeakWorkingSetBytes() ?? 0;

        Console.Error.WriteLine($"bridge-ingest: {emitted} emitted in {elapsed.TotalSeconds:F1} s; counting the archive...");
        long archived = 0;
        long duplicates = 0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (userId, token) =>
        {
            var (rows, distinct) = await CountArchiveAsync(admin, userId, token);
            Interlocked.Add(ref archived, rows);
            Interlocked.Add(ref duplicates, rows - distinct);
        });

        static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
        // The archive holds the warm-up's messages too.
        var measuredArchived = archived - warmupEmitted;
        return new IngestResult(
            emitted, measuredArchived, Math.Max(0, emitted - (measuredArchived - duplicates)), duplicates,
            elapsed.TotalSeconds, emitted / elapsed.TotalSeconds,
            (double)latency["p50Ms"]!, (double)latency["p90Ms"]!, (double)latency["p99Ms"]!, (double)latency["maxMs"]!, (long)latency["count"]!,
            hostCpuSeconds, bridgeCpuSeconds, harnessCpuSeconds, machineCpuSeconds,
            Mib(hostRss), Mib(hostPeak), Mib(bridgeRss), Mib(bridgeHeap), linkSeconds, failure);
    }

    // Every user's fake socket emits `count` messages (ids <user>-<tag>-<n>) at once; returns when the bridge
    // has seen every one acknowledged, with how many the fake emitted, or why it gave up.
    private static async Task<(TimeSpan Elapsed, long Emitted, string? Failure)> StreamAsync(
        FakeBridge bridge, HostUnderTest host, IReadOnlyList<string> users, int count, string tag, IngestSettings settings,
        CancellationToken cancellationToken)
    {
        var expected = (long)users.Count * count;
        var acknowledgedBefore = (long)(await bridge.GetAsync("fake/latency", cancellationToken))["count"]!;
        var run = Stopwatch.StartNew();
        await Task.WhenAll(users.Select(userId => bridge.PostAsync(FakeBridge.UserPath(userId, "stream"),
            new { count, prefix = $"{userId}-{tag}", batchSize = settings.Batch, maxPending = settings.MaxPending }, cancellationToken)));

        // One cheap request per look: the bridge counts the acknowledgements of streamed messages.
        string? failure = null;
        var lastCount = -1L;
        var lastProgress = Stopwatch.StartNew();
        while (true)
        {
            var acknowledged = (long)(await bridge.GetAsync("fake/latency", cancellationToken))["count"]! - acknowledgedBefore;
            if (acknowledged >= expected)
            {
                break;
            }
            if (acknowledged != lastCount)
            {
                lastCount = acknowledged;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed > StallTimeout)
            {
                failure = $"no acknowledgement for {StallTimeout.TotalSeconds:0} s with {acknowledged} of {expected} acknowledged";
                break;
            }
            if (host.ExitedUnexpectedly() is { } exited)
            {
                failure = exited;
                break;
            }
            await Task.Delay(50, cancellationToken);
        }
        run.Stop();

        long emitted = 0;
        foreach (var userId in users)
        {
            var stream = await bridge.GetAsync(FakeBridge.UserPath(userId, "stream"), cancellationToken);
            emitted += (long)stream["emitted"]!;
            if (failure is null && (!(bool)stream["done"]! || (int)stream["pending"]! != 0))
            {
                failure = $"{userId}: stream {stream.ToJsonString()} after every acknowledgement arrived";
            }
        }
        if (failure is null && emitted != expected)
        {
            failure = $"the fake emitted {emitted} messages, not {expected}";
        }
        return (run.Elapsed, emitted, failure);
    }

    // cookies: a container the caller keeps, to hand the session cookie to another client (wrk).
    internal static async Task<HttpClient> SignInAsync(
        Uri baseAddress, CancellationToken cancellationToken, int maxConnections = 16, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), MaxConnectionsPerServer = maxConnections })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        using var response = await client.PostAsJsonAsync("/api/external/auth/login",
            new { user_id = HostUnderTest.AdminUser, password = HostUnderTest.AdminPassword }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in as {HostUnderTest.AdminUser} answered {(int)response.StatusCode}.");
        }
        return client;
    }

    // As a person would: save a WhatsApp bot, link it, wait for its QR, scan it with the fake phone, wait
    // until the host reports it connected.
    private static async Task LinkThroughHostAsync(HttpClient admin, FakeBridge bridge, string userId, CancellationToken cancellationToken)
    {
        var document = ConfigurationDocuments.Valid(userId).With("configurations.chat_provider_config.provider_name", "whatsapp");
        using (var saved = await admin.PutAsync($"/api/external/users/{userId}",
                   new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken))
        {
            await EnsureAsync(saved, $"PUT configuration of {userId}", cancellationToken);
        }
        using (var linked = await admin.PostAsync($"/api/external/users/{userId}/actions/link", null, cancellationToken))
        {
            await EnsureAsync(linked, $"link {userId}", cancellationToken);
        }
        await WaitForHostStatusAsync(admin, userId, "linking", cancellationToken);
        await ScanAsync(bridge, userId, cancellationToken);
        await WaitForHostStatusAsync(admin, userId, "connected", cancellationToken);
    }

    // The fake socket exists a moment after the session starts; 404 until then.
    private static async Task ScanAsync(FakeBridge bridge, string userId, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!(await bridge.TryPostAsync(FakeBridge.UserPath(userId, "scan"), new { }, cancellationToken)).Found)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"No fake socket for {userId} to scan within 30 s.");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    // Polling the status also counts as someone watching the QR, which keeps the link from being abandoned.
    internal static async Task WaitForHostStatusAsync(HttpClient admin, string userId, string status, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var response = await admin.GetAsync($"/api/external/users/{userId}/status", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                last = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["status"];
                if (last == status)
                {
                    return;
                }
            }
            await Task.Delay(50, cancellationToken);
        }
        throw new InvalidOperationException($"{userId} did not reach '{status}' within 60 s (last: {last ?? "no session"}).");
    }

    // Every archived message of the user through the REST API (grouped by correspondent): rows, and distinct
    // WhatsApp ids among them.
    private static async Task<(long Rows, long Distinct)> CountArchiveAsync(HttpClient admin, string userId, CancellationToken cancellationToken)
    {
        using var response = await admin.GetAsync($"/api/external/features/automatic_bot_reply/queue/{userId}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureAsync(response, $"archive of {userId}", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        long rows = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var correspondent in document.RootElement.EnumerateObject())
        {
            foreach (var message in correspondent.Value.EnumerateArray())
            {
                rows++;
                ids.Add(message.GetProperty("provider_message_id").GetString()!);
            }
        }
        return (rows, ids.Count);
    }

    // A bridge with no host: the cost of N linked sessions (fake sockets, credentials, outboxes, per-user
    // caches) in the bridge's resident memory and V8 heap.
    private static async Task<SessionMemoryResult> MeasureSessionMemoryAsync(int sessions, string repositoryRoot, string bridgeData, CancellationToken cancellationToken)
    {
        await using var bridge = await FakeBridge.StartAsync(repositoryRoot, bridgeData, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var (rssBefore, heapBefore, _) = await bridge.StatsAsync(cancellationToken);
        Console.Error.WriteLine($"bridge-ingest: memory: linking {sessions} sessions on a bridge alone...");

        var linking = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var userId = $"memory-{index:D5}";
                await bridge.PostAsync("initialize", new { userId }, token);
                await ScanAsync(bridge, userId, token);
            });
        // Scanned → restart (515) → a new socket that opens by itself: wait until every one reports it.
        foreach (var index in Enumerable.Range(0, sessions))
        {
            var deadline = Stopwatch.StartNew();
            while ((string?)(await bridge.GetAsync($"sessions/memory-{index:D5}/status", cancellationToken))["status"] != "connected")
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"memory-{index:D5} did not connect within 30 s.");
                }
                await Task.Delay(20, cancellationToken);
            }
        }
        var linkSeconds = linking.Elapsed.TotalSeconds;

        // No --expose-gc: wait until the resident size has not grown for 2 s (at most 30 s).
        var settling = Stopwatch.StartNew();
        var samples = new List<long>();
        (long Rss, long Heap, int Sessions) stats;
        while (true)
        {
            stats = await bridge.StatsAsync(cancellationToken);
            samples.Add(stats.Rss);
            if ((samples.Count > 4 && samples[^1] <= samples[^5]) || settling.Elapsed > TimeSpan.FromSeconds(30))
            {
                break;
            }
            await Task.Delay(500, cancellationToken);
        }
        if (stats.Sessions != sessions)
        {
            throw new InvalidOperationException($"The bridge holds {stats.Sessions} live sessions, not {sessions}.");
        }
        static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
        return new SessionMemoryResult(sessions, Mib(rssBefore), Mib(stats.Rss), Mib(heapBefore), Mib(stats.Heap),
            (stats.Rss - rssBefore) / 1024.0 / sessions, (stats.Heap - heapBefore) / 1024.0 / sessions, linkSeconds, settling.Elapsed.TotalSeconds);
    }

    internal static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static string ToMarkdown(MachineInfo machine, IngestSettings settings, IngestResult ingest, SessionMemoryResult? memory)
    {
        var i = CultureInfo.InvariantCulture;
        var verdict = ingest.Failure is not null ? $"**FAILED**: {ingest.Failure}"
            : ingest.Lost > 0 || ingest.Duplicates > 0 ? $"**FAILED**: {ingest.Lost} lost, {ingest.Duplicates} archived twice"
            : "every emitted message archived exactly once";
        var markdown = new StringBuilder();
        markdown.AppendLine(i, $"# bridge-ingest ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {machine.Cores} cores, {machine.Cpu})");
        markdown.AppendLine();
        markdown.AppendLine(i, $"{settings.Users} linked users × {settings.MessagesPerUser} messages (after a warm-up of {settings.WarmupMessagesPerUser} each), upserts of {settings.Batch}, at most {settings.MaxPending} unacknowledged per user; host arguments: `{(settings.HostArguments.Length == 0 ? "(none)" : settings.HostArguments)}`. Linking took {ingest.LinkSeconds:F1} s.");
        markdown.AppendLine();
        markdown.AppendLine("| emitted | archived | elapsed s | messages/s | ack p50 ms | ack p90 ms | ack p99 ms | ack max ms | host CPU s | bridge CPU s | harness CPU s | machine busy s | other CPU s |");
        markdown.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        markdown.AppendLine(i, $"| {ingest.Emitted} | {ingest.Archived} | {ingest.ElapsedSeconds:F2} | {ingest.MessagesPerSecond:F0} | {ingest.AckP50Ms:F1} | {ingest.AckP90Ms:F1} | {ingest.AckP99Ms:F1} | {ingest.AckMaxMs:F1} | {ingest.HostCpuSeconds:F1} | {ingest.BridgeCpuSeconds:F1} | {ingest.HarnessCpuSeconds:F1} | {ingest.MachineBusyCpuSeconds:F1} | {ingest.MachineBusyCpuSeconds - ingest.HostCpuSeconds - ingest.BridgeCpuSeconds - ingest.HarnessCpuSeconds:F1} |");
        markdown.AppendLine();
        markdown.AppendLine(i, $"Verdict: {verdict}. Load average before the run: {machine.LoadAverage}; \"other CPU\" is what processes other than host, bridge and harness (or the kernel on their behalf) used meanwhile: well above zero, the figures are not those of a quiet machine.");
        markdown.AppendLine();
        markdown.AppendLine(i, $"CPU per message: host {ingest.HostCpuSeconds * 1e6 / Math.Max(1, ingest.Emitted):F0} µs, bridge {ingest.BridgeCpuSeconds * 1e6 / Math.Max(1, ingest.Emitted):F0} µs, harness {ingest.HarnessCpuSeconds * 1e6 / Math.Max(1, ingest.Emitted):F0} µs; with the {machine.Cores} cores to themselves that is at most {ingest.Emitted * machine.Cores / Math.Max(0.001, ingest.HostCpuSeconds + ingest.BridgeCpuSeconds + ingest.HarnessCpuSeconds):F0} messages/s (a ceiling, not a measurement).");
        markdown.AppendLine();
        markdown.AppendLine(i, $"Resident memory after the run: host {ingest.HostRssMiB:F0} MiB (peak {ingest.HostPeakRssMiB:F0} MiB), bridge {ingest.BridgeRssMiB:F0} MiB (V8 heap in use {ingest.BridgeHeapUsedMiB:F0} MiB).");
        if (memory is not null)
        {
            markdown.AppendLine();
            markdown.AppendLine(i, $"Memory per linked session (a bridge alone, {memory.Sessions} sessions linked in {memory.LinkSeconds:F1} s, settled {memory.SettleSeconds:F1} s): resident {memory.RssBeforeMiB:F0} → {memory.RssAfterMiB:F0} MiB = **{memory.RssKiBPerSession:F0} KiB per session**; V8 heap in use {memory.HeapUsedBeforeMiB:F0} → {memory.HeapUsedAfterMiB:F0} MiB = {memory.HeapUsedKiBPerSession:F0} KiB per session.");
        }
        return markdown.ToString();
    }
}
