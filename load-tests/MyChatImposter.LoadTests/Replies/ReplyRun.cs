using System.Text.Json;
using System.Diagnostics;
using System.Net.Http.Json;

namespace MyChatImposter.LoadTests.Replies;

// One conversation of the run: a bot and a correspondent writing to it.
public sealed record Conversation(string Bot, string Correspondent);

// A started host with reply bots linked, a signed-in client with enough connections for the senders, the
// outbound log tailed into the ledger. Every reply scenario starts here.
public sealed class ReplyRun : IAsyncDisposable
{
    // Concurrent requests one client may have open: a host answering its 202s 4 s late at 1,000 msg/s still
    // leaves the sender on schedule (a run at 1,024 fell 70 s behind on a busy machine).
    public const int MaxConnections = 4096;

    private readonly DirectoryInfo? _scratch;
    private readonly OutboundTail _tail;
    private int _inFlight;
    private Action<SeenReply>? _replyWatchers;

    private ReplyRun(HostUnderTest host, HttpClient client, string outboundLog, DirectoryInfo? scratch, IReadOnlyList<Conversation> conversations)
    {
        Host = host;
        Client = client;
        _scratch = scratch;
        Conversations = conversations;
        _tail = new OutboundTail(outboundLog, OnReply);
    }

    public HostUnderTest Host { get; private set; }

    public HttpClient Client { get; private set; }

    public ReplyLedger Ledger { get; } = new();

    public IReadOnlyList<Conversation> Conversations { get; }

    public string OutboundLogPath => _tail.Path;

    public int InFlight => Volatile.Read(ref _inFlight);

    // Every reply as it is seen (for a closed loop). Raised on the tail's thread; keep handlers short.
    public event Action<SeenReply>? ReplySeen
    {
        add => _replyWatchers += value;
        remove => _replyWatchers -= value;
    }

    // bots × correspondents conversations; openAiBaseUrl points chosen bots at an OpenAI-compatible server.
    // With a data directory (crash) the host runs on it and the outbound log lives there; otherwise both are
    // temporary.
    public static async Task<ReplyRun> StartAsync(
        string repositoryRoot, int bots, int correspondents, IReadOnlyList<string> extraHostArguments, CancellationToken cancellationToken,
        Func<string, Uri?>? openAiBaseUrl = null, DirectoryInfo? dataDirectory = null, string? hostDll = null)
    {
        var scratch = dataDirectory is null ? Directory.CreateTempSubdirectory("mychatimposter-replies-") : null;
        var outboundLog = Path.Combine((dataDirectory ?? scratch)!.FullName, "outbound.jsonl");
        var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            [.. ReplyBots.HostArguments(outboundLog), .. extraHostArguments], hostDll, dataDirectory);
        EchoHostOutput(host);
        Console.Error.WriteLine($"Host: {host.Description}");
        var client = await BridgeIngestBenchmark.SignInAsync(host.BaseAddress, cancellationToken, MaxConnections);
        var botIds = Enumerable.Range(0, bots).Select(ReplyBots.BotId).ToList();
        var linking = Stopwatch.StartNew();
        await ReplyBots.CreateAsync(client, botIds, correspondents, cancellationToken, openAiBaseUrl);
        Console.Error.WriteLine($"{bots} bots saved and linked in {linking.Elapsed.TotalSeconds:0.0} s");
        var conversations = botIds
            .SelectMany(bot => Enumerable.Range(0, correspondents).Select(index => new Conversation(bot, ReplyBots.Correspondent(index))))
            .ToList();
        return new ReplyRun(host, client, outboundLog, scratch, conversations);
    }

    // The host logs at Warning in a reply run, so whatever it prints is worth seeing next to the figures (a
    // failed delivery round, for one, holds that bot's replies back for seconds).
    private static void EchoHostOutput(HostUnderTest host) => host.OutputLine += line => Console.Error.WriteLine($"host| {line}");

    private void OnReply(SeenReply reply)
    {
        Ledger.Record(reply);
        _replyWatchers?.Invoke(reply);
    }

    // Writes one message as the correspondent and records it; never throws for the host's answer.
    public async Task<SentMessage> SendAsync(string phase, Conversation conversation, string messageId, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        Interlocked.Increment(ref _inFlight);
        int status;
        try
        {
            using var response = await Client.PostAsJsonAsync($"/api/external/users/{conversation.Bot}/sandbox/inbound",
                new InboundMessage(messageId, conversation.Correspondent, "Load Tester", $"Are we still on for tonight? [{messageId}]"),
                cancellationToken);
            status = (int)response.StatusCode;
        }
        // ObjectDisposedException: the client was replaced while the request waited (crash: the host restarted).
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            status = 0;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
        var message = new SentMessage(phase, conversation.Bot, conversation.Correspondent, messageId, started, DateTimeOffset.UtcNow, status);
        Ledger.Record(message);
        return message;
    }

    // Where every message of the run sits in its conversation's archive: (bot, message id) → archive id. Messages
    // sent at the same moment may be archived in another order than they were sent, and a reply turn answers
    // what was archived before it started, so the ledger matches replies in archive order (Match).
    public async Task<IReadOnlyDictionary<(string Bot, string MessageId), long>> ArchiveOrderAsync(CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        var order = new Dictionary<(string, string), long>();
        foreach (var conversation in Conversations)
        {
            long after = 0;
            while (true)
            {
                using var response = await Client.GetAsync(
                    $"/api/external/features/automatic_bot_reply/queue/{conversation.Bot}/{Uri.EscapeDataString(conversation.Correspondent)}?after_id={after}&limit={PageSize}",
                    cancellationToken);
                await BridgeIngestBenchmark.EnsureAsync(response, $"archive of {conversation.Bot}", cancellationToken);
                using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var messages = page.RootElement.EnumerateArray().ToList();
                foreach (var message in messages)
                {
                    order[(conversation.Bot, message.GetProperty("provider_message_id").GetString()!)] = message.GetProperty("id").GetInt64();
                }
                if (messages.Count < PageSize)
                {
                    break;
                }
                after = messages[^1].GetProperty("id").GetInt64();
            }
        }
        return order;
    }

    // The ledger's verdict once the run is over: replies matched in archive order.
    public async Task<LedgerMatch> FinalMatchAsync(CancellationToken cancellationToken) =>
        Ledger.Match(await ArchiveOrderAsync(cancellationToken));

    private sealed record InboundMessage(
        [property: System.Text.Json.Serialization.JsonPropertyName("message_id")] string MessageId,
        [property: System.Text.Json.Serialization.JsonPropertyName("correspondent_id")] string CorrespondentId,
        [property: System.Text.Json.Serialization.JsonPropertyName("display_name")] string DisplayName,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);

    // After a phase's sending: until every accepted message of it is answered, or no reply came for `quiet`,
    // or `limit` passed. Then `settle` more, for replies that should not come (duplicates) to show.
    public async Task<TimeSpan> DrainAsync(string phase, TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken,
        Func<string, bool>? include = null, TimeSpan? settle = null)
    {
        var waited = Stopwatch.StartNew();
        var lastReplies = Ledger.Replies;
        var lastChange = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (waited.Elapsed < limit && lastChange.Elapsed < quiet)
        {
            var match = Ledger.Match();
            var unanswered = Ledger.Messages(phase).Count(message => message.Accepted && (include?.Invoke(message.Bot) ?? true)
                && match.AnswerTo(message) is null);
            if (unanswered == 0)
            {
                break;
            }
            await tick.WaitForNextTickAsync(cancellationToken);
            if (Ledger.Replies != lastReplies)
            {
                lastReplies = Ledger.Replies;
                lastChange.Restart();
            }
        }
        var drained = waited.Elapsed;
        await Task.Delay(settle ?? TimeSpan.FromSeconds(1), cancellationToken);
        return drained;
    }

    // Crash: SIGKILL, then the same data folder, database and outbound log again (the bots come back linked by
    // themselves); the client signs in anew.
    public async Task KillAndRestartAsync(string repositoryRoot, DirectoryInfo dataDirectory, IReadOnlyList<string> extraHostArguments,
        CancellationToken cancellationToken, string? hostDll = null)
    {
        Host.Kill();
        await Host.DisposeAsync();
        Host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            [.. ReplyBots.HostArguments(OutboundLogPath), .. extraHostArguments], hostDll, dataDirectory);
        EchoHostOutput(Host);
        Client.Dispose();
        Client = await BridgeIngestBenchmark.SignInAsync(Host.BaseAddress, cancellationToken, MaxConnections);
    }

    public async ValueTask DisposeAsync()
    {
        await _tail.DisposeAsync();
        Client.Dispose();
        await Host.DisposeAsync();
        try
        {
            _scratch?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a finished run for.
        }
    }
}
