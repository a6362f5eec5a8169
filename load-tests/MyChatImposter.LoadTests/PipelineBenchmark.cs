using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using HdrHistogram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Activity;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage;
using MyChatImposter.Webhooks;

namespace MyChatImposter.LoadTests;

// The inbound pipeline in-process on a SQLite file, without HTTP: how many messages per second one
// user's pipeline archives and hands to a feature, and how long a message takes at a steady rate.
// Every message is checked at the end: archived once, seen by the feature once, no dead letters.
public static class PipelineBenchmark
{
    public const string Usage = """
        pipeline [--messages N] [--producers P] [--correspondents C] [--rate R] [--duration 10s] [--synchronous full|normal]
                 [--max-batch B] [--prefill N]
          Phase 1: P concurrent producers submit N messages (default 200000 from 512 producers to 100
                   correspondents, the pipeline issue's own figure) as fast as the pipeline acknowledges them.
                   Each transaction changes about one index page per conversation it holds, so many more
                   conversations at once (--correspondents 1000) cost more per message: see the README.
          Phase 2: R messages per second (default 1000) for the duration; latency from submission to the
                   archive acknowledgement and to the feature call.
          --synchronous: SQLite's Storage:Sqlite:Synchronous (default full, as the host's default).
          --max-batch: Pipeline:MaxArchiveBatch (default the host's), also the archive-alone batch size.
          --prefill: rows already in each measured user's archive before it starts (default 0), spread evenly
                     over the correspondents: a long-used archive, whose every conversation has index pages
                     of its own, rather than a young one where neighbours share them.
        """;

    public static async Task<int> RunAsync(string[] args, string reportDirectory)
    {
        var messages = IntOption(args, "--messages", 200_000);
        var producers = IntOption(args, "--producers", 512);
        var correspondents = IntOption(args, "--correspondents", 100);
        var rate = IntOption(args, "--rate", 1_000);
        var duration = TimeSpan.FromSeconds(IntOption(args, "--duration", 10));
        var synchronous = StringOption(args, "--synchronous") is { } mode
            ? Enum.Parse<SqliteSynchronous>(mode, ignoreCase: true)
            : SqliteSynchronous.Full;
        var maxBatch = IntOption(args, "--max-batch", new PipelineOptions().MaxArchiveBatch);
        // Whole conversations' worth: the same number of rows for every correspondent.
        var prefillPerCorrespondent = IntOption(args, "--prefill", 0) / correspondents;
        var prefill = prefillPerCorrespondent * correspondents;

        return await WithServicesAsync(synchronous, maxBatch, async services =>
        {
            var prefillSeconds = await PrefillAsync(services, [ArchiveUser, ThroughputUser], prefillPerCorrespondent, correspondents);

            var archiveOnly = await MeasureArchiveAsync(services, messages, correspondents, maxBatch, prefillPerCorrespondent);
            var throughput = await MeasureThroughputAsync(services, messages, producers, correspondents);
            var latency = await MeasureLatencyAsync(services, rate, duration, correspondents);

            var report = new
            {
                scenario = "pipeline",
                machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
                storage = $"SQLite (WAL, synchronous {synchronous.ToString().ToUpperInvariant()})",
                correspondents,
                prefill_rows_per_user = prefill,
                prefill_seconds = prefillSeconds,
                archive_only_rows_per_second = archiveOnly,
                throughput,
                latency,
                peak_working_set_mib = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
            };
            var markdown = $"""
                # pipeline benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)

                {correspondents} correspondents; {prefill} rows already archived per measured user (written in {prefillSeconds:F1} s).

                | phase | messages | producers | elapsed s | messages/s | mean batch | archived | feature calls | dead letters |
                |---|---|---|---|---|---|---|---|---|
                | max throughput | {throughput.Messages} | {throughput.Producers} | {throughput.ElapsedSeconds:F2} | {throughput.MessagesPerSecond:F0} | {throughput.MeanArchiveBatch:F0} | {throughput.Archived} | {throughput.FeatureCalls} | {throughput.DeadLetters} |

                | steady rate | sent | achieved/s | ack p50 ms | ack p99 ms | ack max ms | feature p50 ms | feature p99 ms | feature max ms | lost |
                |---|---|---|---|---|---|---|---|---|---|
                | {latency.Rate}/s for {latency.DurationSeconds}s | {latency.Sent} | {latency.AchievedRate:F0} | {latency.AckP50Ms:F2} | {latency.AckP99Ms:F2} | {latency.AckMaxMs:F2} | {latency.FeatureP50Ms:F2} | {latency.FeatureP99Ms:F2} | {latency.FeatureMaxMs:F2} | {latency.Lost} |

                The archive alone (AppendAsync in batches of {maxBatch}, same messages, no pipeline): {archiveOnly:F0} rows/s.
                Peak working set of the benchmark process: {report.peak_working_set_mib:F0} MiB.
                """;
            Directory.CreateDirectory(reportDirectory);
            var stem = Path.Combine(reportDirectory, $"pipeline-{DateTime.UtcNow:yyyyMMddTHHmmssZ}");
            await File.WriteAllTextAsync(stem + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            await File.WriteAllTextAsync(stem + ".md", markdown);
            Console.WriteLine(markdown);
            Console.Error.WriteLine($"Wrote {stem}.json and {stem}.md");
            var lossFree = LossFree(throughput, prefill) && latency.Lost == 0;
            return lossFree ? 0 : 1;
        });
    }

    // The anchors scenario's pair, on a fresh database with the host's defaults: the archive alone, then the
    // pipeline's max-throughput phase over the same number of messages (phase 1 above, without the prefill).
    public static Task<(double ArchiveRowsPerSecond, ThroughputResult Pipeline)> MeasureAgainstArchiveAsync(
        int messages, int producers, int correspondents) =>
        WithServicesAsync(SqliteSynchronous.Full, new PipelineOptions().MaxArchiveBatch, async services =>
        {
            var archiveOnly = await MeasureArchiveAsync(services, messages, correspondents, new PipelineOptions().MaxArchiveBatch, 0);
            return (archiveOnly, await MeasureThroughputAsync(services, messages, producers, correspondents));
        });

    // Whether every message of a throughput phase was archived once (beyond `prefill` rows), seen by the feature once, none dead.
    public static bool LossFree(ThroughputResult throughput, long prefill = 0) =>
        throughput.Archived == throughput.Messages + prefill && throughput.FeatureCalls == throughput.Messages && throughput.DeadLetters == 0;

    private static async Task<T> WithServicesAsync<T>(SqliteSynchronous synchronous, int maxBatch, Func<ServiceProvider, Task<T>> measure)
    {
        var directory = Directory.CreateTempSubdirectory("mychatimposter-pipeline-");
        try
        {
            await using var services = BuildServices(Path.Combine(directory.FullName, "bench.db"), synchronous, maxBatch);
            await services.InitializeStorageAsync();
            return await measure(services);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    public sealed record ThroughputResult(
        int Messages, int Producers, double ElapsedSeconds, double MessagesPerSecond, long Archived, long FeatureCalls, long DeadLetters,
        double MeanArchiveBatch);

    public sealed record LatencyResult(
        int Rate, double DurationSeconds, int Sent, double AchievedRate, double AckP50Ms, double AckP99Ms, double AckMaxMs,
        double FeatureP50Ms, double FeatureP99Ms, double FeatureMaxMs, int Lost);

    private static ServiceProvider BuildServices(string databasePath, SqliteSynchronous synchronous, int maxBatch)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = databasePath,
            ["Storage:Sqlite:Synchronous"] = synchronous.ToString(),
            ["Pipeline:MaxArchiveBatch"] = maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics(); // the pipeline's meter comes from the host's IMeterFactory, as in the app
        services.AddSingleton<IConfiguration>(configuration);
        services.AddStorage(configuration);
        services.AddActivity(); // the archive writer counts each bot's messages, as in the app
        services.AddWebhooks(configuration); // the archive writer records message.received for bots that subscribed, as in the app
        services.AddPipeline(configuration);
        services.AddChatSessions(configuration);
        services.AddLlm(configuration);
        return services.BuildServiceProvider();
    }

    private const string ArchiveUser = "bench-archive";
    private const string ThroughputUser = "bench-throughput";

    // Rows written conversation by conversation in large batches, which SQLite takes far faster than the
    // interleaved traffic measured afterwards. Returns the seconds it took.
    private static async Task<double> PrefillAsync(IServiceProvider services, IReadOnlyList<string> users, int perCorrespondent, int correspondents)
    {
        var archive = services.GetRequiredService<IMessageArchive>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var user in users)
        {
            var all = Enumerable.Range(0, correspondents).SelectMany(correspondent => Enumerable.Range(1, perCorrespondent)
                .Select(id =>
                {
                    var message = Message(correspondent, correspondents);
                    return new ArchivedMessage(user, "dummy", message.CorrespondentId, id, $"prefill-{correspondent}-{id}",
                        message.Text, message.Sender, MessageSource.User, DateTimeOffset.UtcNow, message.OriginatingTime, null);
                }));
            foreach (var batch in all.Chunk(20_000))
            {
                await archive.AppendAsync(batch, CancellationToken.None);
            }
        }
        return stopwatch.Elapsed.TotalSeconds;
    }

    // The ceiling the pipeline works under: the same rows written straight to the archive.
    private static async Task<double> MeasureArchiveAsync(
        IServiceProvider services, int messages, int correspondents, int batchSize, int prefillPerCorrespondent)
    {
        var archive = services.GetRequiredService<IMessageArchive>();
        var nextIds = new Dictionary<string, long>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in Enumerable.Range(0, messages).Chunk(batchSize))
        {
            var rows = batch.Select(index =>
            {
                var message = Message(index, correspondents);
                var id = nextIds[message.CorrespondentId] = nextIds.GetValueOrDefault(message.CorrespondentId, prefillPerCorrespondent) + 1;
                return new ArchivedMessage(ArchiveUser, "dummy", message.CorrespondentId, id, message.ProviderMessageId,
                    message.Text, message.Sender, MessageSource.User, DateTimeOffset.UtcNow, message.OriginatingTime, null);
            }).ToList();
            await archive.AppendAsync(rows, CancellationToken.None);
        }
        return messages / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<ThroughputResult> MeasureThroughputAsync(IServiceProvider services, int messages, int producers, int correspondents)
    {
        var feature = new CountingFeature(messages);
        var parts = services.GetRequiredService<UserPipelineFactory>()
            .Create(ThroughputUser, "dummy", new QueueConfig(), [feature], new SentMessageRegistry(TimeProvider.System));
        var next = -1;
        using var batches = new BatchSizeListener();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < messages)
            {
                await parts.Pipeline.SubmitAsync(Message(index, correspondents), CancellationToken.None);
            }
        })));
        await feature.AllSeen;
        stopwatch.Stop();
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(30));

        var archived = await services.GetRequiredService<IMessageArchive>().CountAsync(ThroughputUser, null, CancellationToken.None);
        var deadLetters = await services.GetRequiredService<IDeadLetterStore>().CountAsync(ThroughputUser, CancellationToken.None);
        return new ThroughputResult(messages, producers, stopwatch.Elapsed.TotalSeconds, messages / stopwatch.Elapsed.TotalSeconds,
            archived, feature.Count, deadLetters, batches.Mean);
    }

    private static async Task<LatencyResult> MeasureLatencyAsync(IServiceProvider services, int rate, TimeSpan duration, int correspondents)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var submittedAt = new ConcurrentDictionary<string, long>();
        var featureLatency = new LongHistogram(TimeStamp.Minutes(1), 3);
        var ackLatency = new LongHistogram(TimeStamp.Minutes(1), 3);
        var feature = new CountingFeature(total, message =>
        {
            var elapsed = Stopwatch.GetTimestamp() - submittedAt[message.Message.ProviderMessageId];
            lock (featureLatency)
            {
                featureLatency.RecordValue(elapsed);
            }
        });
        var parts = services.GetRequiredService<UserPipelineFactory>()
            .Create("bench-latency", "dummy", new QueueConfig(), [feature], new SentMessageRegistry(TimeProvider.System));

        // An open model: each message leaves at its scheduled time whether or not earlier ones are done.
        var sends = new List<Task>(total);
        var start = Stopwatch.StartNew();
        for (var index = 0; index < total; index++)
        {
            var due = TimeSpan.FromSeconds((double)index / rate);
            if (due > start.Elapsed)
            {
                await Task.Delay(due - start.Elapsed);
            }
            var message = Message(index, correspondents);
            submittedAt[message.ProviderMessageId] = Stopwatch.GetTimestamp();
            sends.Add(SubmitTimedAsync(parts.Pipeline, message, ackLatency));
        }
        await Task.WhenAll(sends);
        var sendElapsed = start.Elapsed;
        await feature.AllSeen;
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(30));
        var archived = await services.GetRequiredService<IMessageArchive>().CountAsync("bench-latency", null, CancellationToken.None);

        static double Ms(LongHistogram histogram, double percentile) =>
            histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return new LatencyResult(rate, duration.TotalSeconds, total, total / sendElapsed.TotalSeconds,
            Ms(ackLatency, 50), Ms(ackLatency, 99), ackLatency.GetMaxValue() * 1000.0 / Stopwatch.Frequency,
            Ms(featureLatency, 50), Ms(featureLatency, 99), featureLatency.GetMaxValue() * 1000.0 / Stopwatch.Frequency,
            total - (int)Math.Min(archived, feature.Count));
    }

    private static async Task SubmitTimedAsync(UserPipeline pipeline, InboundMessage message, LongHistogram ackLatency)
    {
        var started = Stopwatch.GetTimestamp();
        await pipeline.SubmitAsync(message, CancellationToken.None);
        var elapsed = Stopwatch.GetTimestamp() - started;
        lock (ackLatency)
        {
            ackLatency.RecordValue(elapsed);
        }
    }

    private static InboundMessage Message(int index, int correspondents)
    {
        var correspondent = $"{447700000000L + index % correspondents}@s.whatsapp.net";
        return new InboundMessage($"bench-{index}", correspondent, new ChatParty(correspondent, "Load", [correspondent]), null,
            $"Message number {index}: are we still on for tomorrow?", MessageDirection.Incoming, null, DateTimeOffset.UtcNow);
    }

    // "bench [its options] -- [the host's arguments]": the two halves of a benchmark's command line.
    internal static (string[] Own, string[] Host) SplitHostArguments(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        return separator >= 0 ? (args[..separator], args[(separator + 1)..]) : (args, []);
    }

    internal static string? StringOption(string[] args, string name) =>
        Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

    // "--duration 30s" reads as 30: the unit is the option's own.
    internal static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1].TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    // The pipeline's archive batch sizes, read from its metrics: how much each transaction carried.
    private sealed class BatchSizeListener : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _batches;
        private long _messages;

        public BatchSizeListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                // By name: the benchmark runs one host, whose meter factory makes the pipeline's meter.
                if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name == "imposter.pipeline.archive_batch")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
            {
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _messages, size);
            });
            _listener.Start();
        }

        public double Mean => _batches == 0 ? 0 : (double)Interlocked.Read(ref _messages) / Interlocked.Read(ref _batches);

        public void Dispose() => _listener.Dispose();
    }

    // Counts feature calls; completes AllSeen when the expected number arrived.
    private sealed class CountingFeature(int expected, Action<FeatureMessage>? onMessage = null) : IMessageFeature
    {
        private readonly TaskCompletionSource _allSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _count;

        public string Name => "counting";

        public long Count => Interlocked.Read(ref _count);

        public Task AllSeen => _allSeen.Task;

        public Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken)
        {
            onMessage?.Invoke(message);
            if (Interlocked.Increment(ref _count) == expected)
            {
                _allSeen.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
