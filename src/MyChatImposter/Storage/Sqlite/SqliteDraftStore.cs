using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `drafts` (migration 17). Number is the integer row id. Every change of state is one UPDATE whose
// WHERE names the state it leaves, so of two deciders only one changes the row; RETURNING gives the draft as
// that statement left it.
public sealed class SqliteDraftStore(SqliteStatements sql) : IDraftStore
{
    private const string Columns = """
        number, id, user_id, correspondent_id, correspondent_name, answered, text, state, created_at, expires_at,
        sent_text, decided_at, decided_by, delivery_id
        """;

    public async Task<Draft> AddAsync(Draft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        try
        {
            var number = await sql.WriteScalarAsync<long>("""
                INSERT INTO drafts (id, user_id, correspondent_id, correspondent_name, answered, text, state, created_at, expires_at,
                    sent_text, decided_at, decided_by, delivery_id)
                VALUES ($id, $userId, $correspondentId, $correspondentName, $answered, $text, $state, $createdAt, $expiresAt,
                    $sentText, $decidedAt, $decidedBy, $deliveryId)
                RETURNING number;
                """, cancellationToken,
                ("$id", draft.Id), ("$userId", draft.UserId), ("$correspondentId", draft.CorrespondentId),
                ("$correspondentName", Nullable(draft.CorrespondentName)), ("$answered", AnsweredJson(draft.Answered)),
                ("$text", draft.Text), ("$state", EnumNames<DraftState>.Name(draft.State)), ("$createdAt", Instant(draft.CreatedAt)),
                ("$expiresAt", Instant(draft.ExpiresAt)), ("$sentText", Nullable(draft.SentText)), ("$decidedAt", Instant(draft.DecidedAt)),
                ("$decidedBy", Nullable(draft.DecidedBy)), ("$deliveryId", Nullable(draft.DeliveryId)));
            return draft with { Number = number };
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            throw DraftStoreRules.OnAdd(draft, ex);
        }
    }

    public Task<Draft?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM drafts WHERE user_id = $userId AND id = $id;", Read, cancellationToken,
            ("$userId", userId), ("$id", id));

    public Task<Draft?> GetByNumberAsync(string userId, long number, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM drafts WHERE user_id = $userId AND number = $number;", Read, cancellationToken,
            ("$userId", userId), ("$number", number));

    // The literal state lets SQLite use the partial unique index.
    public Task<Draft?> PendingForAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"""
            SELECT {Columns} FROM drafts WHERE user_id = $userId AND correspondent_id = $correspondentId AND state = 'pending';
            """, Read, cancellationToken, ("$userId", userId), ("$correspondentId", correspondentId));

    public Task<IReadOnlyList<Draft>> ListAsync(
        string userId, DraftState? state, long? beforeNumber, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, IDraftStore.MaxPage);
        var byState = state is null ? "" : "AND state = $state";
        var before = beforeNumber is null ? "" : "AND number < $before";
        return sql.QueryAsync($"""
            SELECT {Columns} FROM drafts
            WHERE user_id = $userId {byState} {before}
            ORDER BY number DESC
            LIMIT $limit;
            """, Read, cancellationToken,
            ("$userId", userId), ("$state", state is { } s ? EnumNames<DraftState>.Name(s) : DBNull.Value), ("$before", Nullable(beforeNumber)),
            ("$limit", limit));
    }

    public Task<long> CountAsync(string userId, DraftState state, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM drafts WHERE user_id = $userId AND state = $state;", cancellationToken,
            ("$userId", userId), ("$state", EnumNames<DraftState>.Name(state)));

    public Task<Draft?> DecideAsync(
        string userId, string id, DraftDecision decision, DateTimeOffset? notExpiredAt, CancellationToken cancellationToken)
    {
        DraftStoreRules.CheckDecision(decision);
        var notExpired = notExpiredAt is null ? "" : "AND expires_at > $notExpiredAt";
        return sql.WriteQuerySingleAsync($"""
            UPDATE drafts
            SET state = $state, decided_at = $at, decided_by = $by, sent_text = $sentText, delivery_id = $deliveryId
            WHERE user_id = $userId AND id = $id AND state = 'pending' {notExpired}
            RETURNING {Columns};
            """, Read, cancellationToken,
            ("$userId", userId), ("$id", id), ("$state", EnumNames<DraftState>.Name(decision.State)), ("$at", Instant(decision.At)),
            ("$by", decision.By), ("$sentText", Nullable(decision.SentText)), ("$deliveryId", Nullable(decision.DeliveryId)),
            ("$notExpiredAt", Instant(notExpiredAt)));
    }

    // False as well when the conversation has had a new pending draft since: the unique index refuses a second.
    public async Task<bool> ReopenAsync(string userId, string id, DraftState from, CancellationToken cancellationToken)
    {
        DraftStoreRules.CheckReopen(from);
        try
        {
            return await sql.ExecuteAsync("""
                UPDATE drafts SET state = 'pending', decided_at = NULL, decided_by = NULL, sent_text = NULL, delivery_id = NULL
                WHERE user_id = $userId AND id = $id AND state = $from;
                """, cancellationToken, ("$userId", userId), ("$id", id), ("$from", EnumNames<DraftState>.Name(from))) == 1;
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Draft>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await sql.WriteQueryAsync($"""
            UPDATE drafts SET state = 'expired', decided_at = $now, decided_by = $by
            WHERE state = 'pending' AND expires_at <= $now
            RETURNING {Columns};
            """, Read, cancellationToken, ("$now", Instant(now)), ("$by", DraftStoreRules.ExpiredBy));
        return expired.OrderBy(draft => draft.Number).ToList();
    }

    // A draft that never was pending (monitored) has no decision: its creation counts instead, the same
    // expression the partial index holds.
    public Task<long> DeleteDecidedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM drafts WHERE state <> 'pending' AND COALESCE(decided_at, created_at) < $before;",
            cancellationToken, ("$before", Instant(before)));

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM drafts WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM drafts WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    // SQLITE_CONSTRAINT_UNIQUE: a second pending draft in a conversation, or an id already stored.
    private static bool IsUniqueViolation(SqliteException exception) => exception.SqliteExtendedErrorCode == 2067;

    // [{speaker, content}, ...]
    private static string AnsweredJson(IReadOnlyList<Utterance> answered) =>
        new JsonArray([.. answered.Select(u => (JsonNode)new JsonObject { ["speaker"] = u.Speaker, ["content"] = u.Content })]).ToJsonString();

    private static List<Utterance> ReadAnswered(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(u => new Utterance((string)u!["speaker"]!, (string)u["content"]!))];

    private static Draft Read(SqliteDataReader reader) => new(
        reader.GetString(1), reader.GetString(2), reader.GetString(3), ReadText(reader, 4), ReadAnswered(reader.GetString(5)),
        reader.GetString(6), EnumNames<DraftState>.Parse(reader.GetString(7)), ReadInstant(reader, 8),
        ReadInstant(reader, 9))
    {
        Number = reader.GetInt64(0),
        SentText = ReadText(reader, 10),
        DecidedAt = ReadNullableInstant(reader, 11),
        DecidedBy = ReadText(reader, 12),
        DeliveryId = ReadText(reader, 13),
    };
}
