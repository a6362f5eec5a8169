using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `reply_history` (migration 17). The Id is the integer row id (AUTOINCREMENT: it only grows).
public sealed class SqliteReplyHistoryStore(SqliteStatements sql) : IReplyHistoryStore
{
    private const string Columns = "id, user_id, correspondent_id, kind, at, text, detail, draft_number";

    public async Task<ReplyEvent> AddAsync(ReplyEvent replyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replyEvent);
        var id = await sql.WriteScalarAsync<long>("""
            INSERT INTO reply_history (user_id, correspondent_id, kind, at, text, detail, draft_number)
            VALUES ($userId, $correspondentId, $kind, $at, $text, $detail, $draftNumber)
            RETURNING id;
            """, cancellationToken,
            ("$userId", replyEvent.UserId), ("$correspondentId", replyEvent.CorrespondentId), ("$kind", EnumNames<ReplyEventKind>.Name(replyEvent.Kind)),
            ("$at", Instant(replyEvent.At)), ("$text", Nullable(replyEvent.Text)), ("$detail", Nullable(replyEvent.Detail)),
            ("$draftNumber", Nullable(replyEvent.DraftNumber)));
        return replyEvent with { Id = id };
    }

    public Task<IReadOnlyList<ReplyEvent>> ListAsync(
        string userId, string? correspondentId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, IReplyHistoryStore.MaxPage);
        var byConversation = correspondentId is null ? "" : "AND correspondent_id = $correspondentId";
        var before = beforeId is null ? "" : "AND id < $before";
        return sql.QueryAsync($"""
            SELECT {Columns} FROM reply_history
            WHERE user_id = $userId {byConversation} {before}
            ORDER BY id DESC
            LIMIT $limit;
            """, Read, cancellationToken,
            ("$userId", userId), ("$correspondentId", Nullable(correspondentId)), ("$before", Nullable(beforeId)), ("$limit", limit));
    }

    public Task<long> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM reply_history WHERE at < $before;", cancellationToken, ("$before", Instant(before)));

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM reply_history WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM reply_history WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static ReplyEvent Read(SqliteDataReader reader) => new(
        reader.GetString(1), reader.GetString(2), EnumNames<ReplyEventKind>.Parse(reader.GetString(3)), ReadInstant(reader, 4),
        ReadText(reader, 5), ReadText(reader, 6), reader.IsDBNull(7) ? null : reader.GetInt64(7))
    {
        Id = reader.GetInt64(0),
    };
}
