using System.Diagnostics;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteMessageArchiveTests() : MessageArchiveContract(new SqliteTestDatabase())
{
    // Reports the archive writer's rate on this machine; the target (50,000 rows/s in batches of 500) is
    // for load tests to hold, so nothing here fails on a slow or busy machine. Two shapes of traffic: a
    // burst in one chat, where every index grows at its end, and 50 chats interleaved, where each batch
    // inserts into the middle of the indexes (the archive's steady state).
    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public async Task Reports_append_throughput(int correspondents)
    {
        var store = await OpenStoreAsync();
        const int batchSize = 500;
        const int batches = 100;
        var group = new ChatGroup("120363041234567890@g.us", "Family", ["Family"]);
        var batchesToWrite = Enumerable.Range(0, batches + 1)
            .Select(batch => Enumerable.Range(1, batchSize).Select(i =>
            {
                var id = (long)batch * batchSize + i;
                var correspondent = $"9725000{id % correspondents:D5}@s.whatsapp.net";
                return new ArchivedMessage(
                    "alice", WhatsApp, correspondent, id, $"3EB0{id:X16}",
                    $"A message of ordinary length, number {id}, with a few words in it to look like chat text.",
                    new ChatParty(correspondent, "Someone", [$"{id % correspondents}@lid"]),
                    MessageSource.User, T0.AddMilliseconds(id), T0, id % 2 == 0 ? group : null);
            }).ToList())
            .ToList();

        // The first batch opens the pool and compiles the statement.
        await store.AppendAsync(batchesToWrite[0], Ct);
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in batchesToWrite.Skip(1))
        {
            await store.AppendAsync(batch, Ct);
        }
        stopwatch.Stop();

        var rows = batches * batchSize;
        Assert.Equal(rows + batchSize, await store.CountAsync("alice", null, Ct));
        TestContext.Current.SendDiagnosticMessage(
            $"SQLite message archive, {correspondents} correspondent(s): {rows / stopwatch.Elapsed.TotalSeconds:N0} rows/s " +
            $"({rows:N0} new rows in batches of {batchSize}, {stopwatch.Elapsed.TotalMilliseconds:N0} ms)");
    }
}
