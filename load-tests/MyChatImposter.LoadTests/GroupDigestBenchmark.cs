using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests;

// Issue 13: one user tracking --groups groups with --messages-per-group archived messages each, all due at once.
// The archive is seeded through the sandbox (the real inbound path, so the seeding rate is archive ingest), then
// "run now" is posted for every group at the same moment and the harness waits until the sandbox's outbound
// holds every group's three digests (the fake LLM answers three items for every period). It times the run,
// samples the host's resident memory, and fails unless every group got exactly three documents and every
// period read all of its group's messages (the host's own "delivered (N messages, 3 items)" log line).
public static class GroupDigestBenchmark
{
    public const string Usage = """
        group-digest [--groups 50] [--messages-per-group 10000] [--clients 8] [--record-prompts] [--scheduled] [--host-dll PATH] [-- host arguments]
          Starts the Release host, saves one sandbox bot tracking --groups groups (daily at 20:00, fakeLlm answering
          three action items), seeds --messages-per-group messages into each group through the sandbox inbound API
          with --clients concurrent requests, then posts "run now" for every group at once and waits until the
          sandbox outbound holds three calendar documents per group. Reports the seeding rate, the time until every
          period was queued (host log) and until every digest was sent (outbound), per group, and the host's
          resident memory before and during the run (sampled every 100 ms). Delivery pacing and caps are off
          (see README); arguments after -- go to the host and override that, e.g. -- --Delivery:MaxDelay 00:00:02
          --record-prompts turns on record_llm_interactions and reads every recorded prompt back: its size and how
          many messages it carried (this costs the run the recording, so time the run without it).
          --scheduled: instead of "run now", after seeding move every group's cron to the next whole minute at least
          60 s away and let the host's scheduler run them (one user's due groups run one after another); the clock
          starts at that occurrence.
        """;

    private const string UserId = "digest-bench";
    private const int ItemsPerPeriod = 3;
    private const int Senders = 20;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(120);

    // The original's item shape (spec/05 §4): three items, so every period yields three digests.
    private static readonly string CannedItems = new JsonArray(
        Item("Bring cookies to the bake sale", "Friday at 16:00", "2027-01-15 16:00:00", "Bake and bring cookies. Friday 15/01/2027 16:00"),
        Item("Sign the trip form", "by Monday", "2027-01-18 12:00:00", "Sign the school trip form and return it. Monday 18/01/2027 12:00"),
        Item("Parents' meeting", "Wednesday 18:30", "2027-01-20 18:30:00", "Parents' meeting in the main hall. Wednesday 20/01/2027 18:30")).ToJsonString();

    public static async Task<int> RunAsync(string[] args, string repositoryRoot, string reportDirectory, CancellationToken cancellationToken)
    {
        (args, var hostArguments) = PipelineBenchmark.SplitHostArguments(args);
        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var settings = new DigestSettings(
            Groups: PipelineBenchmark.IntOption(args, "--groups", 50),
            MessagesPerGroup: PipelineBenchmark.IntOption(args, "--messages-per-group", 10_000),
            Clients: PipelineBenchmark.IntOption(args, "--clients", 8),
            HostArguments: string.Join(' ', hostArguments),
            RecordPrompts: args.Contains("--record-prompts"),
            Scheduled: args.Contains("--scheduled"));
        var hostDll = PipelineBenchmark.StringOption(args, "--host-dll");
        var machine = MachineInfo.Current();

        var result = await MeasureAsync(settings, repositoryRoot, hostDll, hostArguments, cancellationToken);
        var report = new { scenario = "group-digest", when = DateTimeOffset.UtcNow, machine, settings, result };
        var markdown = ToMarkdown(machine, settings, result);
        Directory.CreateDirectory(reportDirectory);
        var stem = Path.Combine(reportDirectory, $"group-digest-{DateTime.UtcNow:yyyyMMddTHHmmssZ}");
        await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
        await File.WriteAllTextAsync(stem + ".md", markdown, CancellationToken.None);
        Console.WriteLine(markdown);
        Console.Error.WriteLine($"Wrote {stem}.json and {stem}.md");
        return result.Failure is null ? 0 : 1;
    }

    public sealed record DigestSettings(int Groups, int MessagesPerGroup, int Clients, string HostArguments, bool RecordPrompts, bool Scheduled);

    // What the recorded prompts (--record-prompts) carried: the thread of each period.
    public sealed record PromptSizes(int Prompts, int MinMessages, int MaxMessages, long MinCharacters, long MaxCharacters);

    public sealed record GroupResult(
        string GroupId, int Documents, double? QueuedSeconds, double? SentSeconds, int? PeriodMessages, int? PeriodItems);

    public sealed record DigestResult(
        long Seeded, double SeedSeconds, double SeedMessagesPerSecond, double SeedHostCpuSeconds, double HostPeakRssAfterSeedMiB,
        double RssBeforeRunMiB, double PeakRssDuringRunMiB, double? HwmDuringRunMiB, double RssAfterRunMiB,
        double? AllQueuedSeconds, double AllSentSeconds, double MeanGroupQueuedSeconds, double MeanGroupSentSeconds,
        double RunHostCpuSeconds, double? RunMachineBusyCpuSeconds, string LoadAverageBeforeRun,
        double? FirstSentSeconds, double MaxOutboundPollMs, double HealthP50Ms, double HealthMaxMs, int HealthProbes, int PeakThreads,
        IReadOnlyList<GroupResult> Groups, IReadOnlyList<string> HostProblems, PromptSizes? Prompts, string? Failure);

    private static async Task<DigestResult> MeasureAsync(
        DigestSettings settings, string repositoryRoot, string? hostDll, string[] hostArguments, CancellationToken cancellationToken)
    {
        await using var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            [
                // Per-message Information lines would cost the host CPU for a console nobody reads; the tracker's
                // own lines are what the harness times.
                "--Logging:LogLevel:Default", "Warning",
                "--Logging:LogLevel:MyChatImposter.GroupTracking", "Information",
                "--GroupTracking:StartJitter", "00:00:00",
                // The self chat is a recipient like any other: with the defaults (1–12 s between sends, 20 an hour
                // per recipient, 200 a day per account) 150 digests would take more than seven hours. Delivery
                // pacing is not what this benchmark measures.
                "--Delivery:MinDelay", "00:00:00", "--Delivery:MaxDelay", "00:00:00",
                "--Delivery:MaxPerRecipientPerHour", "10000", "--Delivery:MaxPerAccountPerDay", "100000",
                .. hostArguments,
            ],
            hostDll);
        Console.Error.WriteLine($"group-digest: host {host.Description}");

        var groups = Enumerable.Range(0, settings.Groups).Select(index => new BenchGroup($"120363{index:D12}@g.us", $"bench-g{index:D4}")).ToList();
        var byId = groups.ToDictionary(group => group.Id, StringComparer.Ordinal);

        // The host's "period ... delivered (N messages, M items)" line, timed on arrival. The simple console
        // formatter writes the category on one line and the message on the next; the message is enough.
        var clock = new Stopwatch();
        var queued = new ConcurrentDictionary<string, (double Seconds, int Messages, int Items)>(StringComparer.Ordinal);
        var problems = new ConcurrentQueue<string>();
        var delivered = new Regex(@"Group tracking of \S+: period of (\S+) ending \S+ delivered \((\d+) messages, (\d+) items\)", RegexOptions.CultureInvariant);
        host.OutputLine += line =>
        {
            if (delivered.Match(line) is { Success: true } match)
            {
                queued[match.Groups[1].Value] = (clock.Elapsed.TotalSeconds,
                    int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)
                     || line.Contains("failed", StringComparison.OrdinalIgnoreCase))
            {
                problems.Enqueue(line.Trim());
            }
        };

        using var admin = await BridgeIngestBenchmark.SignInAsync(host.BaseAddress, cancellationToken);
        await SaveAndLinkAsync(admin, groups, settings.RecordPrompts, cancellationToken);

        // Seeding: message k goes to group k mod G, so every group fills at the same pace and the archive
        // interleaves them as a busy account's would.
        var total = (long)settings.Groups * settings.MessagesPerGroup;
        Console.Error.WriteLine($"group-digest: seeding {total} messages ({settings.Groups} groups × {settings.MessagesPerGroup}) with {settings.Clients} clients...");
        var hostCpuBeforeSeed = host.CpuTime();
        var seeding = Stopwatch.StartNew();
        long next = -1;
        long rejected = 0;
        var progress = Task.Run(async () =>
        {
            while (Interlocked.Read(ref next) < total - 1 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                Console.Error.WriteLine($"group-digest: seeded {Math.Min(total, Interlocked.Read(ref next) + 1)} in {seeding.Elapsed.TotalSeconds:F0} s");
            }
        }, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(async () =>
        {
            for (var k = Interlocked.Increment(ref next); k < total; k = Interlocked.Increment(ref next))
            {
                var group = groups[(int)(k % settings.Groups)];
                var sequence = k / settings.Groups;
                var sender = (int)(sequence % Senders);
                var body = new
                {
                    message_id = $"{group.Name}-{sequence:D6}",
                    correspondent_id = $"3361{sender:D7}@s.whatsapp.net",
                    display_name = $"Parent {sender}",
                    group = new { id = group.Id, name = group.Name },
                    text = $"Message {sequence} in {group.Name}: who can bring snacks on Friday? We meet at 16:00 by the gate, bring the signed forms.",
                };
                // 503: not archived and not lost; send it again.
                for (var attempt = 1; ; attempt++)
                {
                    using var response = await admin.PostAsJsonAsync($"/api/external/users/{UserId}/sandbox/inbound", body, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        break;
                    }
                    Interlocked.Increment(ref rejected);
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
                    {
                        await BridgeIngestBenchmark.EnsureAsync(response, $"inbound {body.message_id}", cancellationToken);
                        throw new InvalidOperationException($"inbound {body.message_id}: {(int)response.StatusCode}");
                    }
                    await Task.Delay(100 * attempt, cancellationToken);
                }
            }
        }, cancellationToken)));
        seeding.Stop();
        await progress;
        var seedHostCpu = (host.CpuTime() - hostCpuBeforeSeed)?.TotalSeconds ?? 0;
        var peakAfterSeed = host.PeakWorkingSetBytes() ?? 0;
        Console.Error.WriteLine($"group-digest: seeded {total} in {seeding.Elapsed.TotalSeconds:F1} s ({total / seeding.Elapsed.TotalSeconds:F0}/s, {rejected} answered 503 and sent again)");

        // Let the pipeline and the GC settle, then reset the kernel's high-water mark so that VmHWM afterwards
        // is the run's own peak (writing 5 to clear_refs; Linux 4.0+).
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var hwmReset = TryResetPeak(host.ProcessId);
        var rssBefore = host.WorkingSetBytes() ?? 0;
        var loadBefore = MachineInfo.Current().LoadAverage;
        long peakSampled = rssBefore;
        var peakThreads = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                if (host.WorkingSetBytes() is { } rss)
                {
                    Interlocked.Exchange(ref peakSampled, Math.Max(Interlocked.Read(ref peakSampled), rss));
                }
                peakThreads = Math.Max(peakThreads, ThreadCount(host.ProcessId));
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        // Does the rest of the host still answer while the groups run? GET /health every 200 ms on a
        // connection of its own, each timed (a probe waits for the previous one's answer).
        var health = new List<double>();
        var prober = Task.Run(async () =>
        {
            using var probe = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            while (!sampling.IsCancellationRequested)
            {
                var timer = Stopwatch.StartNew();
                try
                {
                    using var response = await probe.GetAsync("/health", CancellationToken.None);
                    health.Add(timer.Elapsed.TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    health.Add(timer.Elapsed.TotalMilliseconds);
                }
                await Task.Delay(200, CancellationToken.None);
            }
        }, CancellationToken.None);

        if (settings.Scheduled)
        {
            // Every group due at the same occurrence, run by the host's own scheduler: the configuration's cron moves
            // to a minute far enough ahead for the tracker to be rebuilt on the change first.
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
            var occurrence = DateTimeOffset.UtcNow.AddSeconds(60);
            occurrence = new DateTimeOffset(occurrence.Year, occurrence.Month, occurrence.Day, occurrence.Hour, occurrence.Minute, 0, TimeSpan.Zero).AddMinutes(1);
            var local = TimeZoneInfo.ConvertTime(occurrence, zone);
            await SaveAsync(admin, Configuration(groups, settings.RecordPrompts, $"{local.Minute} {local.Hour} * * *"), cancellationToken);
            Console.Error.WriteLine($"group-digest: every group due at {occurrence:HH:mm} UTC ({local:HH:mm} Paris); waiting (RSS before {rssBefore / 1048576.0:F0} MiB)...");
            await Task.Delay(occurrence - DateTimeOffset.UtcNow, cancellationToken);
        }
        // All due at once: every group's run posted at the same moment.
        Console.Error.WriteLine($"group-digest: running {groups.Count} groups at once (RSS before {rssBefore / 1048576.0:F0} MiB)...");
        var hostCpuBeforeRun = host.CpuTime();
        var machineBeforeRun = MachineInfo.BusyCpuTime();
        clock.Start();
        await Task.WhenAll(groups.Where(_ => !settings.Scheduled).Select(async group =>
        {
            using var response = await admin.PostAsync(
                $"/api/external/features/periodic_group_tracking/trackedGroups/{UserId}/{Uri.EscapeDataString(group.Id)}/run", null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                await BridgeIngestBenchmark.EnsureAsync(response, $"run {group.Id}", cancellationToken);
                throw new InvalidOperationException($"run {group.Id}: {(int)response.StatusCode}, not 202");
            }
        }));

        // At least 3 per group; more when the host sent a long thread to the model in parts (GroupTracking:
        // MaxPromptCharacters), 3 canned items per part: the target is what the host logged as queued.
        int Expected() => queued.Count == groups.Count ? queued.Values.Sum(line => line.Items) : int.MaxValue;
        var expected = groups.Count * ItemsPerPeriod;
        var documents = 0;
        long after = 0;
        string? failure = null;
        var lastProgress = Stopwatch.StartNew();
        double? firstSent = null;
        var maxPollMs = 0.0;
        while (true)
        {
            var poll = Stopwatch.StartNew();
            var page = await OutboundAsync(admin, after, cancellationToken);
            maxPollMs = Math.Max(maxPollMs, poll.Elapsed.TotalMilliseconds);
            foreach (var sent in page)
            {
                after = Math.Max(after, sent.Seq);
                if (sent.Type != "document" || sent.Group is null || !byId.Values.Any(group => group.Name == sent.Group))
                {
                    continue;
                }
                var group = groups.First(group => group.Name == sent.Group);
                group.Documents++;
                documents++;
                firstSent ??= clock.Elapsed.TotalSeconds;
                if (queued.TryGetValue(group.Id, out var logged) && group.Documents == logged.Items)
                {
                    group.SentSeconds = clock.Elapsed.TotalSeconds;
                }
                lastProgress.Restart();
            }
            if (documents >= Expected())
            {
                expected = documents;
                break;
            }
            if (lastProgress.Elapsed > StallTimeout)
            {
                failure = $"no digest for {StallTimeout.TotalSeconds:0} s with {documents} of {expected} sent";
                break;
            }
            if (host.ExitedUnexpectedly() is { } exited)
            {
                failure = exited;
                break;
            }
            await Task.Delay(100, cancellationToken);
        }
        var allSent = clock.Elapsed.TotalSeconds;
        var runHostCpu = (host.CpuTime() - hostCpuBeforeRun)?.TotalSeconds ?? 0;
        var runMachine = (MachineInfo.BusyCpuTime() - machineBeforeRun)?.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        await prober;
        health.Sort();
        var hwm = hwmReset ? host.PeakWorkingSetBytes() : null;
        var rssAfter = host.WorkingSetBytes() ?? 0;
        Console.Error.WriteLine($"group-digest: {documents} of {expected} digests sent in {allSent:F1} s; checking that nothing more arrives...");

        // Exactly three each: anything arriving late (a duplicate, a second period) shows here.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        foreach (var sent in await OutboundAsync(admin, after, cancellationToken))
        {
            if (sent.Type == "document" && groups.FirstOrDefault(group => group.Name == sent.Group) is { } late)
            {
                late.Documents++;
            }
        }

        var results = groups.Select(group => queued.TryGetValue(group.Id, out var line)
            ? new GroupResult(group.Id, group.Documents, line.Seconds, group.SentSeconds, line.Messages, line.Items)
            : new GroupResult(group.Id, group.Documents, null, group.SentSeconds, null, null)).ToList();
        if (failure is null && results.FirstOrDefault(group => group.PeriodItems is not { } items || items % ItemsPerPeriod != 0
                || group.Documents != items) is { } wrong)
        {
            failure = $"{wrong.GroupId} got {wrong.Documents} documents for {wrong.PeriodItems?.ToString() ?? "no"} queued items (3 per part)";
        }
        if (failure is null && results.FirstOrDefault(group => group.PeriodMessages != settings.MessagesPerGroup) is { } partial)
        {
            failure = partial.PeriodMessages is null
                ? $"no 'delivered' log line for {partial.GroupId} (is MyChatImposter.GroupTracking logging at Information?)"
                : $"the period of {partial.GroupId} read {partial.PeriodMessages} messages, not {settings.MessagesPerGroup}";
        }
        var prompts = settings.RecordPrompts ? await ReadPromptSizesAsync(admin, cancellationToken) : null;
        if (failure is null && prompts is not null && (prompts.Prompts != groups.Count || prompts.MinMessages != settings.MessagesPerGroup))
        {
            failure = $"{prompts.Prompts} prompts recorded carrying {prompts.MinMessages}–{prompts.MaxMessages} messages; expected {groups.Count} carrying {settings.MessagesPerGroup}";
        }
        var queuedTimes = results.Where(group => group.QueuedSeconds is not null).Select(group => group.QueuedSeconds!.Value).ToList();
        var sentTimes = results.Where(group => group.SentSeconds is not null).Select(group => group.SentSeconds!.Value).ToList();
        static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
        return new DigestResult(
            total, seeding.Elapsed.TotalSeconds, total / seeding.Elapsed.TotalSeconds, seedHostCpu, Mib(peakAfterSeed),
            Mib(rssBefore), Mib(Interlocked.Read(ref peakSampled)), hwm is null ? null : Mib(hwm.Value), Mib(rssAfter),
            queuedTimes.Count == groups.Count ? queuedTimes.Max() : null, allSent,
            queuedTimes.Count == 0 ? 0 : queuedTimes.Average(), sentTimes.Count == 0 ? 0 : sentTimes.Average(),
            runHostCpu, runMachine, loadBefore,
            firstSent, maxPollMs, health.Count == 0 ? 0 : health[health.Count / 2], health.Count == 0 ? 0 : health[^1], health.Count, peakThreads,
            results, [.. problems.Take(20)], prompts, failure);
    }

    private sealed class BenchGroup(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public int Documents { get; set; }
        public double? SentSeconds { get; set; }
    }

    private sealed record Sent(long Seq, string Type, string? Group);

    // The bot: the tests' valid configuration on the sandbox, group messages allowed, every group tracked daily
    // at 20:00 in its zone, the fake LLM answering the three canned items for every period.
    private static async Task SaveAndLinkAsync(HttpClient admin, IReadOnlyList<BenchGroup> groups, bool recordPrompts, CancellationToken cancellationToken)
    {
        await SaveAsync(admin, Configuration(groups, recordPrompts, "0 20 * * *"), cancellationToken);
        using (var linked = await admin.PostAsync($"/api/external/users/{UserId}/actions/link", null, cancellationToken))
        {
            await BridgeIngestBenchmark.EnsureAsync(linked, $"link {UserId}", cancellationToken);
        }
        await BridgeIngestBenchmark.WaitForHostStatusAsync(admin, UserId, "connected", cancellationToken);
    }

    private static async Task SaveAsync(HttpClient admin, JsonObject document, CancellationToken cancellationToken)
    {
        using var saved = await admin.PutAsync($"/api/external/users/{UserId}",
            new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
        await BridgeIngestBenchmark.EnsureAsync(saved, $"PUT configuration of {UserId}", cancellationToken);
    }

    private static JsonObject Configuration(IReadOnlyList<BenchGroup> groups, bool recordPrompts, string cron)
    {
        var tracked = new JsonArray([.. groups.Select(group => (JsonNode)new JsonObject
        {
            ["groupIdentifier"] = group.Id,
            ["cronTrackingSchedule"] = cron,
            ["displayName"] = group.Name,
        })]);
        return ConfigurationDocuments.Valid(UserId)
            .With("configurations.chat_provider_config.provider_config.allow_group_messages", true)
            .With("configurations.llm_provider_config.provider_config.response_array", new JsonArray(CannedItems))
            .With("configurations.llm_provider_config.provider_config.record_llm_interactions", recordPrompts)
            .With("features.periodic_group_tracking.enabled", true)
            .With("features.periodic_group_tracking.tracked_groups", tracked);
    }

    // What the bot sent after `after`: sequence, type and, for a digest, the group named in its caption
    // ("📂 *Group*: bench-g0007").
    private static async Task<List<Sent>> OutboundAsync(HttpClient admin, long after, CancellationToken cancellationToken)
    {
        using var response = await admin.GetAsync($"/api/external/users/{UserId}/sandbox/outbound?after={after}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await BridgeIngestBenchmark.EnsureAsync(response, "sandbox outbound", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var page = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var sent = new List<Sent>();
        foreach (var message in page.RootElement.GetProperty("messages").EnumerateArray())
        {
            var caption = message.TryGetProperty("caption", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var group = caption is null ? null : Regex.Match(caption, @"\bbench-g\d{4}\b") is { Success: true } match ? match.Value : null;
            sent.Add(new Sent(message.GetProperty("seq").GetInt64(), message.GetProperty("type").GetString()!, group));
        }
        return sent;
    }

    // One recorded interaction at a time (each holds a whole thread): the user turn's size and its messages,
    // counted by the "when" key each message of the thread has once.
    private static async Task<PromptSizes> ReadPromptSizesAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        var messages = new List<int>();
        var characters = new List<long>();
        string? before = null;
        do
        {
            var url = $"/api/external/users/{UserId}/llm-interactions?limit=1" + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}");
            using var response = await admin.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await BridgeIngestBenchmark.EnsureAsync(response, "llm-interactions", cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var page = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            foreach (var interaction in page.RootElement.GetProperty("interactions").EnumerateArray())
            {
                var thread = interaction.GetProperty("prompt").EnumerateArray().Last().GetProperty("text").GetString() ?? "";
                characters.Add(thread.Length);
                messages.Add(Regex.Count(thread, "\"when\":"));
            }
            before = page.RootElement.GetProperty("next_before") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
        }
        while (before is not null);
        return messages.Count == 0
            ? new PromptSizes(0, 0, 0, 0, 0)
            : new PromptSizes(messages.Count, messages.Min(), messages.Max(), characters.Min(), characters.Max());
    }

    private static int ThreadCount(int? processId)
    {
        try
        {
            var line = processId is null ? null : File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool TryResetPeak(int? processId)
    {
        if (processId is null || !OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            File.WriteAllText($"/proc/{processId}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static JsonObject Item(string title, string textDeadline, string timestampDeadline, string description) => new()
    {
        ["relevant_task_messages"] = new JsonArray(new JsonObject
        {
            ["originating_time"] = "2027-01-12 13:00",
            ["sender"] = "Parent 1",
            ["content"] = description,
        }),
        ["text_deadline"] = textDeadline,
        ["timestamp_deadline"] = timestampDeadline,
        ["task_title"] = title,
        ["task_description"] = description,
    };

    private static string ToMarkdown(MachineInfo machine, DigestSettings settings, DigestResult result)
    {
        var i = CultureInfo.InvariantCulture;
        var markdown = new StringBuilder();
        markdown.AppendLine(i, $"# group-digest ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {machine.Cores} cores, {machine.Cpu})");
        markdown.AppendLine();
        markdown.AppendLine(i, $"One user, {settings.Groups} tracked groups × {settings.MessagesPerGroup} archived messages, all due at once ({(settings.Scheduled ? "the host's scheduler at one cron occurrence" : "\"run now\" posted for every group")}); host arguments: `{(settings.HostArguments.Length == 0 ? "(none)" : settings.HostArguments)}`.");
        markdown.AppendLine();
        markdown.AppendLine(i, $"Seeding: {result.Seeded} messages through the sandbox inbound API ({settings.Clients} clients) in {result.SeedSeconds:F1} s = **{result.SeedMessagesPerSecond:F0} messages/s** (host CPU {result.SeedHostCpuSeconds:F1} s, {result.SeedHostCpuSeconds * 1e6 / Math.Max(1, result.Seeded):F0} µs per message; host peak RSS so far {result.HostPeakRssAfterSeedMiB:F0} MiB).");
        markdown.AppendLine();
        markdown.AppendLine("| groups | digests sent | all queued s | all sent s | mean per group: queued s / sent s | RSS before MiB | peak RSS during run MiB (sampled / VmHWM) | RSS after MiB | host CPU s | machine busy s |");
        markdown.AppendLine("|---:|---:|---:|---:|---|---:|---|---:|---:|---:|");
        markdown.AppendLine(i, $"| {settings.Groups} | {result.Groups.Sum(group => group.Documents)} | {(result.AllQueuedSeconds is { } q ? q.ToString("F1", i) : "–")} | **{result.AllSentSeconds:F1}** | {result.MeanGroupQueuedSeconds:F1} / {result.MeanGroupSentSeconds:F1} | {result.RssBeforeRunMiB:F0} | **{result.PeakRssDuringRunMiB:F0}** / {(result.HwmDuringRunMiB is { } h ? h.ToString("F0", i) : "–")} | {result.RssAfterRunMiB:F0} | {result.RunHostCpuSeconds:F1} | {result.RunMachineBusyCpuSeconds:F1} |");
        markdown.AppendLine();
        var verdict = result.Failure is null
            ? $"every group got exactly the digests it queued (3 per part of its thread) and every period read all {settings.MessagesPerGroup} of its messages"
            : $"**FAILED**: {result.Failure}";
        markdown.AppendLine(i, $"Verdict: {verdict}. Load average before the run: {result.LoadAverageBeforeRun} (before seeding: {machine.LoadAverage}).");
        markdown.AppendLine();
        markdown.AppendLine(i, $"During the run: first digest seen at {(result.FirstSentSeconds is { } f ? f.ToString("F1", i) : "–")} s; slowest outbound poll {result.MaxOutboundPollMs:F0} ms; `GET /health` ({result.HealthProbes} probes) p50 {result.HealthP50Ms:F1} ms, max {result.HealthMaxMs:F0} ms; host threads at most {result.PeakThreads}.");
        markdown.AppendLine();
        markdown.AppendLine("Times count from the moment the run requests were posted. \"Queued\" is when the host logged the period delivered to its queue (all digests durably queued, state advanced); \"sent\" is when the sandbox outbound showed the group's third document (polled every 100 ms).");
        if (result.Prompts is { } prompts)
        {
            markdown.AppendLine();
            markdown.AppendLine(i, $"Recorded prompts (`--record-prompts`): {prompts.Prompts}, each thread carrying {prompts.MinMessages}–{prompts.MaxMessages} messages in {prompts.MinCharacters:N0}–{prompts.MaxCharacters:N0} characters (about {prompts.MaxCharacters / 4:N0} tokens at 4 characters a token).");
        }
        if (result.HostProblems.Count > 0)
        {
            markdown.AppendLine();
            markdown.AppendLine("Host lines mentioning a failure:");
            markdown.AppendLine();
            foreach (var line in result.HostProblems)
            {
                markdown.AppendLine(i, $"    {line}");
            }
        }
        markdown.AppendLine();
        markdown.AppendLine("| group | documents | period messages | queued s | sent s |");
        markdown.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var group in result.Groups.OrderBy(group => group.SentSeconds ?? double.MaxValue))
        {
            markdown.AppendLine(i, $"| {group.GroupId} | {group.Documents} | {group.PeriodMessages?.ToString(i) ?? "–"} | {group.QueuedSeconds?.ToString("F1", i) ?? "–"} | {group.SentSeconds?.ToString("F1", i) ?? "–"} |");
        }
        return markdown.ToString();
    }
}
