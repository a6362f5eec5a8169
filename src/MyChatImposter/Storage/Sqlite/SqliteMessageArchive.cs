using System.Buffers;
using System.Text.Encodings.Web;
using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `message_archive`. Sender and group are stored as JSON objects with the field names of the
// original's `queues` sub-documents: {identifier, display_name, alternate_identifiers}.
public sealed class SqliteMessageArchive(SqliteDatabase database, SqliteStatements sql) : IMessageArchive
{
    private const string Columns =
        "user_id, provider_name, correspondent_id, id, provider_message_id, content, sender, source, " +
        "accepted_time, originating_time, group_json";

    private readonly SqliteDatabase _database = database;

    // The compiled insert, kept for the writer's connection: bound and stepped once per row, the archive's hot
    // path. Only the writer's loop uses it, one batch at a time; closing that connection releases it.
    private ArchiveInsert? _insert;

    // One batch is one write, committed with whatever else the writer has waiting (SqliteWriter).
    public async Task<IReadOnlyList<bool>> AppendAsync(
        IReadOnlyList<ArchivedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return [];
        }
        return await _database.WriteAsync(transaction =>
        {
            if (_insert?.IsFor(transaction.Connection!) != true)
            {
                _insert?.Dispose();
                _insert = new ArchiveInsert(transaction.Connection!);
            }
            return Task.FromResult(_insert.Append(transaction, messages, cancellationToken));
        }, cancellationToken);
    }

    public async Task<long> LastIdAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("""
            SELECT id FROM message_archive
            WHERE user_id = $userId AND correspondent_id = $correspondentId
            ORDER BY id DESC
            LIMIT 1;
            """, cancellationToken, ("$userId", userId), ("$correspondentId", correspondentId)) is long last
            ? last
            : 0;

    public async Task<IReadOnlyList<string>> CorrespondentsAsync(string userId, CancellationToken cancellationToken) =>
        InOrdinalOrder(await sql.QueryAsync("SELECT DISTINCT correspondent_id FROM message_archive WHERE user_id = $userId;",
            reader => reader.GetString(0), cancellationToken, ("$userId", userId)), correspondentId => correspondentId);

    public Task<IReadOnlyList<ArchivedMessage>> ReadAsync(
        string userId, string correspondentId, long afterId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckArchiveLimit(limit);
        return sql.QueryAsync($"""
            SELECT {Columns} FROM message_archive
            WHERE user_id = $userId AND correspondent_id = $correspondentId AND id > $afterId
            ORDER BY id
            LIMIT $limit;
            """, Read, cancellationToken, ("$userId", userId), ("$correspondentId", correspondentId), ("$afterId", afterId), ("$limit", limit));
    }

    // The COALESCE is written exactly as in the index message_archive_by_time, which SQLite needs to use it.
    // INDEXED BY: without statistics the planner prefers the id index for the ORDER BY, which walks the
    // conversation from its first message (or afterId) to the window: ever longer as the archive grows.
    // The time index reads only the window's entries and sorts the page's rows.
    public Task<IReadOnlyList<ArchivedMessage>> ReadWindowAsync(
        string userId, string correspondentId, DateTimeOffset fromExclusive, DateTimeOffset toInclusive, long afterId,
        int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckArchiveLimit(limit);
        return sql.QueryAsync($"""
            SELECT {Columns} FROM message_archive INDEXED BY message_archive_by_time
            WHERE user_id = $userId AND correspondent_id = $correspondentId
                AND COALESCE(originating_time, accepted_time) > $from
                AND COALESCE(originating_time, accepted_time) <= $to
                AND id > $afterId
            ORDER BY id
            LIMIT $limit;
            """, Read, cancellationToken,
            ("$userId", userId), ("$correspondentId", correspondentId), ("$from", Instant(fromExclusive)), ("$to", Instant(toInclusive)),
            ("$afterId", afterId), ("$limit", limit));
    }

    public Task<long> CountAsync(string userId, string? correspondentId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>($"SELECT COUNT(*) FROM message_archive WHERE user_id = $userId{ByCorrespondent(correspondentId)};",
            cancellationToken, ("$userId", userId), ("$correspondentId", Nullable(correspondentId)));

    public Task<long> DeleteAsync(string userId, string? correspondentId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync($"DELETE FROM message_archive WHERE user_id = $userId{ByCorrespondent(correspondentId)};",
            cancellationToken, ("$userId", userId), ("$correspondentId", Nullable(correspondentId)));

    // No correspondent means the whole archive of the user.
    private static string ByCorrespondent(string? correspondentId) =>
        correspondentId is null ? "" : " AND correspondent_id = $correspondentId";

    private static ArchivedMessage Read(SqliteDataReader reader)
    {
        var (senderId, senderName, senderAlternates) = ReadParty(reader.GetString(6));
        ChatGroup? group = null;
        if (!reader.IsDBNull(10))
        {
            var (groupId, groupName, groupAlternates) = ReadParty(reader.GetString(10));
            group = new ChatGroup(groupId, groupName, groupAlternates);
        }

        return new ArchivedMessage(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetInt64(3),
            reader.GetString(4),
            reader.GetString(5),
            new ChatParty(senderId, senderName, senderAlternates),
            EnumNames<MessageSource>.Parse(reader.GetString(7)),
            ReadInstant(reader, 8),
            ReadNullableInstant(reader, 9),
            group);
    }

    private static (string Identifier, string? DisplayName, IReadOnlyList<string> Alternates) ReadParty(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var displayName = root.TryGetProperty("display_name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
        var alternates = root.TryGetProperty("alternate_identifiers", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => a.GetString() ?? "").ToArray()
            : [];
        return (root.GetProperty("identifier").GetString() ?? "", displayName, alternates);
    }

    // The compiled insert on one connection.
    private sealed class ArchiveInsert : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _userId, _providerName, _correspondentId, _id, _providerMessageId, _content,
            _sender, _source, _acceptedTime, _originatingTime, _group;
        private readonly PartyJsonWriter _json = new();

        public ArchiveInsert(SqliteConnection connection)
        {
            _connection = connection;
            _insert = connection.CreateCommand();
            _insert.CommandText = $"""
                INSERT INTO message_archive ({Columns})
                VALUES ($userId, $providerName, $correspondentId, $id, $providerMessageId, $content, $sender, $source,
                        $acceptedTime, $originatingTime, $group)
                ON CONFLICT (user_id, correspondent_id, provider_message_id) DO NOTHING;
                """;
            _userId = _insert.Parameters.Add("$userId", SqliteType.Text);
            _providerName = _insert.Parameters.Add("$providerName", SqliteType.Text);
            _correspondentId = _insert.Parameters.Add("$correspondentId", SqliteType.Text);
            _id = _insert.Parameters.Add("$id", SqliteType.Integer);
            _providerMessageId = _insert.Parameters.Add("$providerMessageId", SqliteType.Text);
            _content = _insert.Parameters.Add("$content", SqliteType.Text);
            _sender = _insert.Parameters.Add("$sender", SqliteType.Text);
            _source = _insert.Parameters.Add("$source", SqliteType.Text);
            _acceptedTime = _insert.Parameters.Add("$acceptedTime", SqliteType.Text);
            _originatingTime = _insert.Parameters.Add("$originatingTime", SqliteType.Text);
            _group = _insert.Parameters.Add("$group", SqliteType.Text);
        }

        public bool IsFor(SqliteConnection connection) => ReferenceEquals(connection, _connection);

        // Microsoft.Data.Sqlite runs its async methods synchronously anyway; synchronous calls spare a task per row.
        public bool[] Append(SqliteTransaction transaction, IReadOnlyList<ArchivedMessage> messages, CancellationToken cancellationToken)
        {
            _insert.Transaction = transaction;
            var written = new bool[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Bind(messages[i]);
                // ON CONFLICT DO NOTHING changes no row for a duplicate.
                written[i] = _insert.ExecuteNonQuery() == 1;
            }
            return written;
        }

        // Only the command: the connection is the writer's.
        public void Dispose()
        {
            _json.Dispose();
            _insert.Dispose();
        }

        private void Bind(ArchivedMessage message)
        {
            _userId.Value = message.UserId;
            _providerName.Value = message.ProviderName;
            _correspondentId.Value = message.CorrespondentId;
            _id.Value = message.Id;
            _providerMessageId.Value = message.ProviderMessageId;
            _content.Value = message.Content;
            _sender.Value = _json.Write(message.Sender.Identifier, message.Sender.DisplayName, message.Sender.AlternateIdentifiers);
            _source.Value = EnumNames<MessageSource>.Name(message.Source);
            _acceptedTime.Value = SqliteTimestamp.Format(message.AcceptedTime);
            _originatingTime.Value = message.OriginatingTime is { } originating
                ? SqliteTimestamp.Format(originating)
                : DBNull.Value;
            _group.Value = message.Group is { } chatGroup
                ? _json.Write(chatGroup.Id, chatGroup.Name, chatGroup.AlternateIdentifiers)
                : DBNull.Value;
        }
    }

    // One buffer and writer for a whole batch, rather than a serializer round per row.
    private sealed class PartyJsonWriter : IDisposable
    {
        // Names and ids in any script stay readable in the column; the JSON is never embedded in HTML.
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly ArrayBufferWriter<byte> _buffer = new(256);
        private readonly Utf8JsonWriter _writer;

        public PartyJsonWriter() => _writer = new Utf8JsonWriter(_buffer, Options);

        public void Dispose() => _writer.Dispose();

        public string Write(string identifier, string? displayName, IReadOnlyList<string> alternates)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            _writer.WriteString("identifier", identifier);
            if (displayName is null)
            {
                _writer.WriteNull("display_name");
            }
            else
            {
                _writer.WriteString("display_name", displayName);
            }
            _writer.WriteStartArray("alternate_identifiers");
            foreach (var alternate in alternates)
            {
                _writer.WriteStringValue(alternate);
            }
            _writer.WriteEndArray();
            _writer.WriteEndObject();
            _writer.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }
    }
}
