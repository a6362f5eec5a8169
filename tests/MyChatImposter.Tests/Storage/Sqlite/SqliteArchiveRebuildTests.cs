using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// Migration 13 rebuilds message_archive with a cheaper CHECK on `source`; an archive written before it must
// come through whole.
public sealed class SqliteArchiveRebuildTests : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    [Fact]
    public async Task An_archive_written_before_the_rebuild_keeps_every_row_and_rowid()
    {
        await _connection.OpenAsync(Ct);
        await SqliteMigrationRunner.ApplyAsync(_connection, SqliteMigrations.All.Take(12).ToList(), _time, Ct);
        await ExecuteAsync("""
            INSERT INTO message_archive (rowid, user_id, provider_name, correspondent_id, id, provider_message_id, content,
                sender, source, accepted_time, originating_time, group_json)
            VALUES (7, 'u', 'sandbox', 'c1', 1, 'm1', 'hello', '{"identifier":"c1"}', 'user', 't1', 'o1', NULL),
                   (9, 'u', 'sandbox', 'c1', 2, 'm2', 'hi', '{"identifier":"me"}', 'bot', 't2', NULL, NULL),
                   (12, 'u', 'sandbox', 'g1', 1, 'm3', 'ok', '{"identifier":"c2"}', 'user_outgoing', 't3', NULL, '{"identifier":"g1"}');
            """);
        var before = await RowsAsync("SELECT rowid || '|' || user_id || '|' || correspondent_id || '|' || id || '|' || source || '|' || content || '|' || coalesce(group_json, '-') FROM message_archive ORDER BY rowid;");

        // Up to the rebuild: later migrations add indexes of their own.
        var applied = await SqliteMigrationRunner.ApplyAsync(_connection, SqliteMigrations.All.Take(13).ToList(), _time, Ct);

        Assert.Contains(applied, migration => migration.Version == 13);
        Assert.Equal(before, await RowsAsync("SELECT rowid || '|' || user_id || '|' || correspondent_id || '|' || id || '|' || source || '|' || content || '|' || coalesce(group_json, '-') FROM message_archive ORDER BY rowid;"));
        Assert.Equal(["message_archive_by_correspondent", "sqlite_autoindex_message_archive_1"],
            await RowsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message_archive' ORDER BY name;"));
        Assert.Empty(await RowsAsync("SELECT name FROM sqlite_master WHERE name LIKE '%rebuilt%';"));
        // Both unique keys still hold.
        await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("""
            INSERT INTO message_archive (user_id, provider_name, correspondent_id, id, provider_message_id, content, sender, source, accepted_time)
            VALUES ('u', 'sandbox', 'c1', 3, 'm1', 'again', '{}', 'user', 't4');
            """));
        await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("""
            INSERT INTO message_archive (user_id, provider_name, correspondent_id, id, provider_message_id, content, sender, source, accepted_time)
            VALUES ('u', 'sandbox', 'c1', 2, 'm9', 'again', '{}', 'user', 't4');
            """));
    }

    [Fact]
    public async Task Writing_an_archived_message_opens_no_temporary_table()
    {
        await _connection.OpenAsync(Ct);
        await SqliteMigrationRunner.ApplyAsync(_connection, SqliteMigrations.All, _time, Ct);

        var program = await RowsAsync("""
            EXPLAIN INSERT INTO message_archive (user_id, provider_name, correspondent_id, id, provider_message_id, content,
                sender, source, accepted_time, originating_time, group_json)
            VALUES ('u', 'p', 'c', 1, 'm', 'text', '{}', 'user', 't', NULL, NULL)
            ON CONFLICT (user_id, correspondent_id, provider_message_id) DO NOTHING;
            """, column: 1);

        Assert.DoesNotContain("OpenEphemeral", program);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<List<string>> RowsAsync(string sql, int column = 0)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetValue(column).ToString()!);
        }
        return rows;
    }
}
