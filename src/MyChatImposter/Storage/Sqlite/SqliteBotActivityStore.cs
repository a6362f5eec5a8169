using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `bot_activity_hours` (migration 18), keyed by (user_id, hour); one column per latency bucket.
public sealed class SqliteBotActivityStore(SqliteStatements sql) : IBotActivityStore
{
    private static readonly string[] LatencyColumns = [.. LatencyHistogram.BucketNames.Select(name => "llm_" + name)];

    private static readonly string[] CounterColumns =
        ["received", "sent", "delivery_failures", "llm_calls", "llm_errors", "llm_latency_ms_total", .. LatencyColumns];

    private static readonly string[] PeakColumns = ["queue_peak", "failed_peak"];

    private static readonly string Columns = string.Join(", ", ["user_id", "hour", .. CounterColumns, .. PeakColumns]);

    // Counters add to the stored row; peaks keep the higher.
    private static readonly string Upsert = $"""
        INSERT INTO bot_activity_hours ({Columns})
        VALUES ({string.Join(", ", ["$user_id", "$hour", .. CounterColumns.Select(column => "$" + column), .. PeakColumns.Select(column => "$" + column)])})
        ON CONFLICT (user_id, hour) DO UPDATE SET
            {string.Join(",\n    ", [
                .. CounterColumns.Select(column => $"{column} = {column} + excluded.{column}"),
                .. PeakColumns.Select(column => $"{column} = MAX({column}, excluded.{column})")])};
        """;

    public async Task AddAsync(IReadOnlyCollection<BotActivityHour> hours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (hours.Count == 0)
        {
            return;
        }
        await sql.InTransactionAsync(async statements =>
        {
            foreach (var hour in hours)
            {
                await statements.ExecuteAsync(Upsert, cancellationToken, Parameters(hour));
            }
            return hours.Count;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<BotActivityHour>> ListAsync(
        string userId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        sql.QueryAsync($"""
            SELECT {Columns} FROM bot_activity_hours
            WHERE user_id = $userId AND hour >= $from AND hour < $to
            ORDER BY hour;
            """, Read, cancellationToken,
            ("$userId", userId), ("$from", SqliteStatements.Instant(from)), ("$to", SqliteStatements.Instant(to)));

    public Task<long> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM bot_activity_hours WHERE hour < $before;", cancellationToken,
            ("$before", SqliteStatements.Instant(before)));

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM bot_activity_hours WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM bot_activity_hours WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static (string Name, object Value)[] Parameters(BotActivityHour hour)
    {
        var counts = hour.Counts;
        return
        [
            ("$user_id", hour.UserId), ("$hour", SqliteStatements.Instant(BotActivityHour.HourOf(hour.Hour))),
            ("$received", counts.Received), ("$sent", counts.Sent), ("$delivery_failures", counts.DeliveryFailures),
            ("$llm_calls", counts.LlmCalls), ("$llm_errors", counts.LlmErrors), ("$llm_latency_ms_total", counts.LlmLatencyMsTotal),
            .. LatencyColumns.Zip(counts.LlmLatency.Counts, (column, count) => ("$" + column, (object)count)),
            ("$queue_peak", counts.QueuePeak), ("$failed_peak", counts.FailedPeak),
        ];
    }

    private static BotActivityHour Read(SqliteDataReader reader)
    {
        const int latencyFrom = 8;
        var latency = new long[LatencyColumns.Length];
        for (var index = 0; index < latency.Length; index++)
        {
            latency[index] = reader.GetInt64(latencyFrom + index);
        }
        var peaksFrom = latencyFrom + latency.Length;
        return new BotActivityHour(reader.GetString(0), ReadInstant(reader, 1), new ActivityCounts
        {
            Received = reader.GetInt64(2),
            Sent = reader.GetInt64(3),
            DeliveryFailures = reader.GetInt64(4),
            LlmCalls = reader.GetInt64(5),
            LlmErrors = reader.GetInt64(6),
            LlmLatencyMsTotal = reader.GetInt64(7),
            LlmLatency = LatencyHistogram.Of(latency),
            QueuePeak = reader.GetInt64(peaksFrom),
            FailedPeak = reader.GetInt64(peaksFrom + 1),
        });
    }
}
