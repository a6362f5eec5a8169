using MyChatImposter.Pipeline;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace MyChatImposter.ScaleOut.Tests;

// The scale-out spike (docs/scale-out.md): a bot's grain on one of three silos, a bridge streaming messages to
// it, the bot's silo taken away mid-stream. The bot must answer from another silo, and the shared archive must
// hold every message sent exactly once, numbered without a gap. Both tests are in one class so they run one
// after the other: each starts three silos of its own.
public sealed class BotFailoverTests
{
    private const string BotId = "5b0c1d9e-bot";
    private const string Correspondent = "972501234567@s.whatsapp.net";
    private const int MessagesBefore = 10;
    private const int MessagesAfter = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public Task A_bot_whose_silo_stops_answers_from_another_silo_and_loses_no_message() =>
        FailOverAsync("stop", (cluster, silo) => cluster.StopSiloAsync(silo));

    // No graceful shutdown: the silo's activations are not deactivated and calls in flight to it go unanswered. (In
    // Orleans 10.4.2 a killed test silo still marks itself Dead in the membership table on its way out, so this
    // does not show how long the others take to notice a host that vanishes silently; docs/scale-out.md.)
    [Fact(Timeout = 60_000)]
    public Task A_bot_whose_silo_is_killed_answers_from_another_silo_and_loses_no_message() =>
        FailOverAsync("kill", (cluster, silo) => cluster.KillSiloAsync(silo));

    private static async Task FailOverAsync(string how, Func<InProcessTestCluster, InProcessSiloHandle, Task> takeAway)
    {
        await using var cluster = await ScaleOutCluster.StartAsync(3, Ct);
        var sender = new AtLeastOnceSender(cluster.Client.GetGrain<IBotInboxGrain>(BotId));
        var sent = new List<InboundEnvelope>();
        async Task<InboxReceipt> SendNextAsync()
        {
            var message = new InboundEnvelope(Correspondent, $"3EB0{sent.Count + 1:D6}", $"message {sent.Count + 1}");
            sent.Add(message);
            return await sender.SendAsync(message, Ct);
        }

        var before = new List<InboxReceipt>();
        while (before.Count < MessagesBefore)
        {
            before.Add(await SendNextAsync());
        }
        var home = Assert.Single(before.Select(receipt => receipt.Silo).Distinct());

        // The bridge keeps streaming for as long as the bot's silo takes to go.
        var takingAway = Task.Run(() => takeAway(cluster.Cluster, cluster.SiloAt(home)), Ct);
        var during = new List<InboxReceipt>();
        while (!takingAway.IsCompleted)
        {
            during.Add(await SendNextAsync());
        }
        await takingAway;

        var after = new List<InboxReceipt>();
        while (after.Count < MessagesAfter)
        {
            after.Add(await SendNextAsync());
        }
        var newHome = Assert.Single(after.Select(receipt => receipt.Silo).Distinct());
        Assert.NotEqual(home, newHome);
        Assert.Contains(newHome, cluster.ActiveSilos());
        Assert.DoesNotContain(home, cluster.ActiveSilos());

        // The bridge reconnects and WhatsApp delivers everything again: the new activation, which never saw
        // most of these messages, acknowledges each as already archived.
        var firstPassReplays = before.Concat(during).Concat(after).Count(receipt => !receipt.Archived);
        foreach (var message in sent)
        {
            var replay = await sender.SendAsync(message, Ct);
            Assert.False(replay.Archived, $"{message.ProviderMessageId} was archived a second time");
        }

        // Every message sent, once each, in the order sent, numbered 1..n: nothing lost, nothing twice, and the
        // new activation went on with the numbering the old one left in the store.
        var archived = await ReadAllAsync(cluster.Archive);
        Assert.Equal(sent.Select(message => message.ProviderMessageId), archived.Select(row => row.ProviderMessageId));
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(id => (long)id), archived.Select(row => row.Id));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{how}: bot moved {home} -> {newHome}; {sent.Count} messages ({during.Count} while the silo went, " +
            $"{during.Count(receipt => receipt.Silo.Equals(home))} of them acknowledged by it); {sender.Retries} failed attempts; " +
            $"longest wait for an acknowledgement {sender.LongestWait.TotalMilliseconds:F0} ms; " +
            $"stored but acknowledged only on a retry: {firstPassReplays}");
    }

    private static async Task<List<ArchivedMessage>> ReadAllAsync(IMessageArchive archive)
    {
        var all = new List<ArchivedMessage>();
        while (true)
        {
            var page = await archive.ReadAsync(BotId, Correspondent, all.Count == 0 ? 0 : all[^1].Id, 1000, Ct);
            if (page.Count == 0)
            {
                return all;
            }
            all.AddRange(page);
        }
    }
}
