using Microsoft.Data.Sqlite;
using MyChatImposter.Webhooks;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `webhook_outbox` (migration 20).
public sealed class SqliteWebhookOutboxStore(SqliteStatements sql) : IWebhookOutboxStore
{
    private const string Columns =
        "id, event_id, subscription_id, user_id, event_type, payload, created_at, state, attempts, next_attempt_at, last_status, last_error, delivered_at";

    // One transaction: an event's rows for its several subscriptions are stored together or not at all.
    public Task AddAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        return sql.InTransactionAsync(async statements =>
        {
            foreach (var row in deliveries)
            {
                await statements.ExecuteAsync($"""
                    INSERT INTO webhook_outbox ({Columns})
                    VALUES ($id, $eventId, $subscriptionId, $userId, $type, $payload, $createdAt, $state, $attempts, $next,
                            $status, $error, $deliveredAt);
                    """, cancellationToken,
                    ("$id", row.Id), ("$eventId", row.EventId), ("$subscriptionId", row.SubscriptionId), ("$userId", row.UserId),
                    ("$type", row.EventType), ("$payload", row.Payload), ("$createdAt", Instant(row.CreatedAt)),
                    ("$state", EnumNames<WebhookDeliveryState>.Name(row.State)), ("$attempts", row.Attempts), ("$next", Instant(row.NextAttemptAt)),
                    ("$status", Nullable(row.LastStatusCode)), ("$error", Nullable(row.LastError)), ("$deliveredAt", Instant(row.DeliveredAt)));
            }
            return deliveries.Count;
        }, cancellationToken);
    }

    public Task<WebhookDelivery?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM webhook_outbox WHERE user_id = $userId AND id = $id;",
            Read, cancellationToken, ("$userId", userId), ("$id", id));

    public Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, WebhookDeliveryStates.MaxPage);
        return sql.QueryAsync($"""
            SELECT {Columns} FROM webhook_outbox
            WHERE state = 'pending' AND next_attempt_at <= $now
            ORDER BY next_attempt_at, id
            LIMIT $limit;
            """, Read, cancellationToken, ("$now", Instant(now)), ("$limit", limit));
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken) =>
        await sql.ScalarAsync("SELECT MIN(next_attempt_at) FROM webhook_outbox WHERE state = 'pending';", cancellationToken)
            is string next ? SqliteTimestamp.Parse(next) : null;

    public async Task<bool> ClaimAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = $lease
            WHERE id = $id AND state = 'pending' AND next_attempt_at <= $now;
            """, cancellationToken, ("$id", id), ("$now", Instant(now)), ("$lease", Instant(leaseUntil))) == 1;

    public async Task<bool> FinishAttemptAsync(string id, WebhookAttemptOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return await sql.ExecuteAsync("""
            UPDATE webhook_outbox
            SET state = $state, next_attempt_at = $next, last_status = $status, last_error = $error, delivered_at = $deliveredAt
            WHERE id = $id AND state = 'pending';
            """, cancellationToken,
            ("$id", id), ("$state", EnumNames<WebhookDeliveryState>.Name(outcome.State)), ("$next", Instant(outcome.NextAttemptAt)),
            ("$status", Nullable(outcome.StatusCode)), ("$error", Nullable(outcome.Error)), ("$deliveredAt", Instant(outcome.DeliveredAt))) == 1;
    }

    public async Task<bool> RedeliverAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE webhook_outbox SET state = 'pending', attempts = 0, next_attempt_at = $now, delivered_at = NULL
            WHERE user_id = $userId AND id = $id;
            """, cancellationToken, ("$userId", userId), ("$id", id), ("$now", Instant(now))) == 1;

    public Task<IReadOnlyList<WebhookDelivery>> ListAsync(
        string userId, string? subscriptionId, WebhookDeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, WebhookDeliveryStates.MaxPage);
        return sql.QueryAsync($"""
            SELECT {Columns} FROM webhook_outbox
            WHERE user_id = $userId
              AND ($subscriptionId IS NULL OR subscription_id = $subscriptionId)
              AND ($state IS NULL OR state = $state)
            ORDER BY created_at DESC, rowid DESC
            LIMIT $limit;
            """, Read, cancellationToken, ("$userId", userId), ("$subscriptionId", Nullable(subscriptionId)),
            ("$state", Nullable(state is { } wanted ? EnumNames<WebhookDeliveryState>.Name(wanted) : null)), ("$limit", limit));
    }

    public Task<long> DeleteForSubscriptionAsync(string userId, string subscriptionId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM webhook_outbox WHERE user_id = $userId AND subscription_id = $subscriptionId;", cancellationToken,
            ("$userId", userId), ("$subscriptionId", subscriptionId));

    public Task<long> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM webhook_outbox WHERE state <> 'pending' AND created_at < $before;", cancellationToken,
            ("$before", Instant(before)));

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM webhook_outbox WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM webhook_outbox WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static WebhookDelivery Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
        ReadInstant(reader, 6), EnumNames<WebhookDeliveryState>.Parse(reader.GetString(7)), reader.GetInt32(8),
        ReadNullableInstant(reader, 9))
    {
        LastStatusCode = reader.IsDBNull(10) ? null : reader.GetInt32(10),
        LastError = ReadText(reader, 11),
        DeliveredAt = ReadNullableInstant(reader, 12),
    };
}
