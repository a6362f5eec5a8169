using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `message_archive`. Sender and group are stored as JSON objects with the field names of the
// original's `queues` sub-documents: {identifier, display_name, alternate_identifiers}.
public sealed class SqliteMessageArchive(SqliteDatabase database) : IMessageArchive
{
    private const string Columns =
        "user_id, provider_name, correspondent_id, id, provider_message_id, content, sender, source, " +
        "accepted_time, originating_time, group_json";

    public async Task<IReadOnlyList<bool>> AppendAsync(
        IReadOnlyList<ArchivedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO message_archive ({Columns})
            VALUES ($userId, $providerName, $correspondentId, $id, $providerMessageId, $content, $sender, $source,
                    $acceptedTime, $originatingTime, $group)
            ON CONFLICT (user_id, correspondent_id, provider_message_id) DO NOTHING;
            """;
        var userId = command.Parameters.Add("$userId", SqliteType.Text);
        var providerName = command.Parameters.Add("$providerName", SqliteType.Text);
        var correspondentId = command.Parameters.Add("$correspondentId", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var providerMessageId = command.Parameters.Add("$providerMessageId", SqliteType.Text);
        var content = command.Parameters.Add("$content", SqliteType.Text);
        var sender = command.Parameters.Add("$sender", SqliteType.Text);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var acceptedTime = command.Parameters.Add("$acceptedTime", SqliteType.Text);
        var originatingTime = command.Parameters.Add("$originatingTime", SqliteType.Text);
        var group = command.Parameters.Add("$group", SqliteType.Text);
        // Compiled once, bound and stepped once per row: the archive writer's hot path.
        command.Prepare();

        using var json = new PartyJsonWriter();
        var written = new bool[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            userId.Value = message.UserId;
            providerName.Value = message.ProviderName;
            correspondentId.Value = message.CorrespondentId;
            id.Value = message.Id;
            providerMessageId.Value = message.ProviderMessageId;
            content.Value = message.Content;
            sender.Value = json.Write(message.Sender.Identifier, message.Sender.DisplayName, message.Sender.AlternateIdentifiers);
            source.Value = MessageSourceText.Format(message.Source);
            acceptedTime.Value = SqliteTimestamp.Format(message.AcceptedTime);
            originatingTime.Value = message.OriginatingTime is { } originating
                ? SqliteTimestamp.Format(originating)
                : DBNull.Value;
            group.Value = message.Group is { } chatGroup
                ? json.Write(chatGroup.Id, chatGroup.Name, chatGroup.AlternateIdentifiers)
                : DBNull.Value;

            // ON CONFLICT DO NOTHING changes no row for a duplicate. Microsoft.Data.Sqlite runs its async
            // methods synchronously anyway; the synchronous call spares a task per row.
            cancellationToken.ThrowIfCancellationRequested();
            written[i] = command.ExecuteNonQuery() == 1;
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<long> LastIdAsync(string userId, string correspondentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id FROM message_archive
            WHERE user_id = $userId AND correspondent_id = $correspondentId
            ORDER BY id DESC
            LIMIT 1;
            """;
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$correspondentId", correspondentId);
        return await command.ExecuteScalarAsync(cancellationToken) is long last ? last : 0;
    }

    public async Task<IReadOnlyList<string>> CorrespondentsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT correspondent_id FROM message_archive WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);

        var correspondents = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            correspondents.Add(reader.GetString(0));
        }

        // SQLite's BINARY collation orders UTF-8 bytes, which differs from .NET ordinal (UTF-16) order above
        // U+FFFF, so the order is decided here.
        correspondents.Sort(StringComparer.Ordinal);
        return correspondents;
    }

    public async Task<IReadOnlyList<ArchivedMessage>> ReadAsync(
        string userId, string correspondentId, long afterId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckArchiveLimit(limit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM message_archive
            WHERE user_id = $userId AND correspondent_id = $correspondentId AND id > $afterId
            ORDER BY id
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$correspondentId", correspondentId);
        command.Parameters.AddWithValue("$afterId", afterId);
        command.Parameters.AddWithValue("$limit", limit);

        var messages = new List<ArchivedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(Read(reader));
        }
        return messages;
    }

    public async Task<long> CountAsync(string userId, string? correspondentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = correspondentId is null
            ? "SELECT COUNT(*) FROM message_archive WHERE user_id = $userId;"
            : "SELECT COUNT(*) FROM message_archive WHERE user_id = $userId AND correspondent_id = $correspondentId;";
        command.Parameters.AddWithValue("$userId", userId);
        if (correspondentId is not null)
        {
            command.Parameters.AddWithValue("$correspondentId", correspondentId);
        }
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> DeleteAsync(string userId, string? correspondentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = correspondentId is null
            ? "DELETE FROM message_archive WHERE user_id = $userId;"
            : "DELETE FROM message_archive WHERE user_id = $userId AND correspondent_id = $correspondentId;";
        command.Parameters.AddWithValue("$userId", userId);
        if (correspondentId is not null)
        {
            command.Parameters.AddWithValue("$correspondentId", correspondentId);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
            MessageSourceText.Parse(reader.GetString(7)),
            SqliteTimestamp.Parse(reader.GetString(8)),
            reader.IsDBNull(9) ? null : SqliteTimestamp.Parse(reader.GetString(9)),
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
