using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteDeliveryStore(SqliteStatements sql) : IDeliveryStore
{
    private const string Columns = """
        seq, id, user_id, provider_name, recipient, origin, message_type, content, state, attempts, created_at,
        next_attempt_at, sending_since, last_error, failed_at, provider_message_id, sent_at, withdrawn_at
        """;

    public async Task<DeliveryItem> AddAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var sequence = await sql.WriteScalarAsync<long>("""
            INSERT INTO delivery_items (id, user_id, provider_name, recipient, origin, message_type, content, state,
                attempts, created_at, next_attempt_at, sending_since, last_error, failed_at, provider_message_id, sent_at,
                withdrawn_at)
            VALUES ($id, $userId, $providerName, $recipient, $origin, $messageType, $content, $state,
                $attempts, $createdAt, $nextAttemptAt, $sendingSince, $lastError, $failedAt, $providerMessageId, $sentAt,
                $withdrawnAt)
            RETURNING seq;
            """, cancellationToken,
            ("$id", item.Id), ("$userId", item.UserId), ("$providerName", Nullable(item.ProviderName)), ("$recipient", item.Recipient),
            ("$origin", item.Origin), ("$messageType", item.MessageType), ("$content", item.Content),
            ("$state", EnumNames<DeliveryState>.Name(item.State)), ("$attempts", item.Attempts), ("$createdAt", Instant(item.CreatedAt)),
            ("$nextAttemptAt", Instant(item.NextAttemptAt)), ("$sendingSince", Instant(item.SendingSince)),
            ("$lastError", Nullable(item.LastError)), ("$failedAt", Instant(item.FailedAt)),
            ("$providerMessageId", Nullable(item.ProviderMessageId)), ("$sentAt", Instant(item.SentAt)),
            ("$withdrawnAt", Instant(item.WithdrawnAt)));
        return item with { Sequence = sequence };
    }

    public Task<DeliveryItem?> GetAsync(string id, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM delivery_items WHERE id = $id;", Read, cancellationToken, ("$id", id));

    public Task<IReadOnlyList<DeliveryItem>> ListAsync(
        string userId, DeliveryState state, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        DeliveryStates.CheckLimit(limit);
        return sql.QueryAsync($"""
            SELECT {Columns} FROM delivery_items
            WHERE user_id = $userId AND state = $state AND seq > $after
            ORDER BY seq
            LIMIT $limit;
            """, Read, cancellationToken,
            ("$userId", userId), ("$state", EnumNames<DeliveryState>.Name(state)), ("$after", afterSequence), ("$limit", limit));
    }

    public Task<long> CountAsync(string userId, DeliveryState state, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM delivery_items WHERE user_id = $userId AND state = $state;",
            cancellationToken, ("$userId", userId), ("$state", EnumNames<DeliveryState>.Name(state)));

    public async Task<IReadOnlyDictionary<DeliveryState, long>> CountByStateAsync(CancellationToken cancellationToken) =>
        (await sql.QueryAsync("SELECT state, COUNT(*) FROM delivery_items GROUP BY state;",
            reader => (State: EnumNames<DeliveryState>.Parse(reader.GetString(0)), Count: reader.GetInt64(1)), cancellationToken))
        .ToDictionary(row => row.State, row => row.Count);

    public Task<IReadOnlyList<UserQueueDepth>> CountWaitingByUserAsync(CancellationToken cancellationToken) =>
        sql.QueryAsync("""
            SELECT user_id, SUM(state <> 'failed'), SUM(state = 'failed') FROM delivery_items
            WHERE state IN ('active', 'holding', 'failed')
            GROUP BY user_id;
            """, reader => new UserQueueDepth(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)), cancellationToken);

    // The sub-select finds each recipient's lowest seq on the recipient index; the outer one reads those rows.
    public Task<IReadOnlyList<DeliveryItem>> ActiveHeadsAsync(string userId, CancellationToken cancellationToken) =>
        sql.QueryAsync($"""
            SELECT {Columns} FROM delivery_items
            WHERE seq IN (
                SELECT MIN(seq) FROM delivery_items WHERE user_id = $userId AND state = 'active' GROUP BY recipient)
            ORDER BY seq;
            """, Read, cancellationToken, ("$userId", userId));

    public async Task<long> MoveAsync(string? userId, DeliveryState from, DeliveryState to, CancellationToken cancellationToken)
    {
        CheckMovable(from, to);
        var states = new[] { ("$from", (object)EnumNames<DeliveryState>.Name(from)), ("$to", EnumNames<DeliveryState>.Name(to)) };
        return userId is null
            ? await sql.ExecuteAsync("UPDATE delivery_items SET state = $to WHERE state = $from;", cancellationToken, states)
            : await sql.ExecuteAsync("UPDATE delivery_items SET state = $to WHERE state = $from AND user_id = $userId;", cancellationToken,
                [.. states, ("$userId", userId)]);
    }

    public async Task<bool> ClaimAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE delivery_items SET attempts = attempts + 1, sending_since = $now
            WHERE id = $id AND state = 'active';
            """, cancellationToken, ("$id", id), ("$now", Instant(now))) == 1;

    public async Task<bool> CompleteAsync(string id, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE delivery_items
            SET state = 'sent', provider_message_id = $providerMessageId, sent_at = $sentAt, sending_since = NULL,
                next_attempt_at = NULL
            WHERE id = $id AND state IN ('active', 'holding');
            """, cancellationToken, ("$id", id), ("$providerMessageId", providerMessageId), ("$sentAt", Instant(sentAt))) == 1;

    public async Task<bool> ReleaseAsync(
        string id, DateTimeOffset? nextAttemptAt, string? lastError, bool refundAttempt, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE delivery_items
            SET sending_since = NULL, next_attempt_at = $nextAttemptAt, last_error = COALESCE($lastError, last_error),
                attempts = CASE WHEN $refund AND attempts > 0 THEN attempts - 1 ELSE attempts END
            WHERE id = $id AND state IN ('active', 'holding');
            """, cancellationToken, ("$id", id), ("$nextAttemptAt", Instant(nextAttemptAt)), ("$lastError", Nullable(lastError)),
            ("$refund", refundAttempt)) == 1;

    public async Task<bool> FailAsync(string id, string lastError, DateTimeOffset failedAt, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE delivery_items
            SET state = 'failed', sending_since = NULL, next_attempt_at = NULL, last_error = $lastError, failed_at = $failedAt
            WHERE id = $id AND state IN ('active', 'holding');
            """, cancellationToken, ("$id", id), ("$lastError", lastError), ("$failedAt", Instant(failedAt))) == 1;

    public async Task<bool> RetryAsync(string id, DeliveryState to, CancellationToken cancellationToken)
    {
        CheckMovable(DeliveryState.Failed, to);
        return await sql.ExecuteAsync($"{RetrySql} WHERE id = $id AND state = 'failed';", cancellationToken,
            ("$id", id), ("$to", EnumNames<DeliveryState>.Name(to))) == 1;
    }

    public Task<long> RetryAllAsync(string userId, DeliveryState to, CancellationToken cancellationToken)
    {
        CheckMovable(DeliveryState.Failed, to);
        return sql.ExecuteAsync($"{RetrySql} WHERE user_id = $userId AND state = 'failed';", cancellationToken,
            ("$userId", userId), ("$to", EnumNames<DeliveryState>.Name(to)));
    }

    // The last error stays: it tells why the item needed a retry.
    private const string RetrySql =
        "UPDATE delivery_items SET state = $to, attempts = 0, next_attempt_at = NULL, sending_since = NULL, failed_at = NULL";

    public async Task<bool> DeleteAsync(string id, DeliveryState state, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM delivery_items WHERE id = $id AND state = $state;", cancellationToken,
            ("$id", id), ("$state", EnumNames<DeliveryState>.Name(state))) == 1;

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM delivery_items WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    // The literal state lets SQLite use the partial index.
    public Task<IReadOnlyList<SentRecord>> SentSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken) =>
        sql.QueryAsync("""
            SELECT recipient, sent_at FROM delivery_items
            WHERE user_id = $userId AND state = 'sent' AND sent_at >= $since
            ORDER BY sent_at;
            """, reader => new SentRecord(reader.GetString(0), ReadInstant(reader, 1)), cancellationToken,
            ("$userId", userId), ("$since", Instant(since)));

    // Two literal states, each with its partial index.
    public Task<long> DeleteSentBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""
            DELETE FROM delivery_items
            WHERE (state = 'sent' AND sent_at < $before) OR (state = 'withdrawn' AND withdrawn_at < $before);
            """, cancellationToken, ("$before", Instant(before)));

    // One statement: each row is withdrawn only if, as it is written, it is still active or holding and not
    // claimed, so a sender's claim and this withdrawal cannot both win. RETURNING gives no order, hence the sort.
    public async Task<IReadOnlyList<DeliveryItem>> WithdrawAsync(
        string userId, string recipient, string origin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var withdrawn = await sql.WriteQueryAsync($"""
            UPDATE delivery_items SET state = 'withdrawn', withdrawn_at = $at
            WHERE user_id = $userId AND recipient = $recipient AND origin = $origin
                AND state IN ('active', 'holding') AND sending_since IS NULL
            RETURNING {Columns};
            """, Read, cancellationToken,
            ("$userId", userId), ("$recipient", recipient), ("$origin", origin), ("$at", Instant(at)));
        return withdrawn.OrderBy(item => item.Sequence).ToList();
    }

    // Only the moves the queue makes; sent and withdrawn are final and failed is left only by a retry.
    private static void CheckMovable(DeliveryState from, DeliveryState to)
    {
        if (from is DeliveryState.Sent or DeliveryState.Withdrawn || to is DeliveryState.Sent or DeliveryState.Failed or DeliveryState.Withdrawn
            || from == to)
        {
            throw new ArgumentException($"Items are not moved from {from} to {to}.");
        }
    }

    private static DeliveryItem Read(SqliteDataReader reader) => new(
        reader.GetString(1), reader.GetString(2), ReadText(reader, 3), reader.GetString(4), reader.GetString(5),
        reader.GetString(6), reader.GetString(7), EnumNames<DeliveryState>.Parse(reader.GetString(8)), reader.GetInt32(9),
        ReadInstant(reader, 10))
    {
        Sequence = reader.GetInt64(0),
        NextAttemptAt = ReadNullableInstant(reader, 11),
        SendingSince = ReadNullableInstant(reader, 12),
        LastError = ReadText(reader, 13),
        FailedAt = ReadNullableInstant(reader, 14),
        ProviderMessageId = ReadText(reader, 15),
        SentAt = ReadNullableInstant(reader, 16),
        WithdrawnAt = ReadNullableInstant(reader, 17),
    };
}
