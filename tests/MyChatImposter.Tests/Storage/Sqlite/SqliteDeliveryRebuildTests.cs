using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// Migration 16 rebuilds delivery_items so that items can be withdrawn; a queue written before it must come
// through whole, with its indexes and its sequence counter.
public sealed class SqliteDeliveryRebuildTests : IAsyncDisposable
{
    private const string Row =
        "seq || '|' || id || '|' || user_id || '|' || coalesce(provider_name, '-') || '|' || recipient || '|' || origin || '|' || " +
        "content || '|' || state || '|' || attempts || '|' || coalesce(next_attempt_at, '-') || '|' || coalesce(sending_since, '-') || '|' || " +
        "coalesce(last_error, '-') || '|' || coalesce(failed_at, '-') || '|' || coalesce(provider_message_id, '-') || '|' || coalesce(sent_at, '-')";

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    [Fact]
    public async Task A_queue_written_before_the_rebuild_keeps_every_row_its_indexes_and_its_sequence_counter()
    {
        await _connection.OpenAsync(Ct);
        await SqliteMigrationRunner.ApplyAsync(_connection, SqliteMigrations.All.Take(15).ToList(), _time, Ct);
        await ExecuteAsync("""
            INSERT INTO delivery_items (seq, id, user_id, provider_name, recipient, origin, message_type, content, state, attempts,
                created_at, next_attempt_at, sending_since, last_error, failed_at, provider_message_id, sent_at)
            VALUES (2, 'a', 'u', 'sandbox', 'r1', 'auto_reply', 'text', '"hi"', 'active', 1, 't1', 't2', 't3', NULL, NULL, NULL, NULL),
                   (4, 'b', 'u', NULL, 'r1', 'auto_reply', 'text', '"ho"', 'holding', 0, 't1', NULL, NULL, 'e', NULL, NULL, NULL),
                   (5, 'c', 'u', 'sandbox', 'r2', 'group_tracking', 'text', '"x"', 'failed', 3, 't1', NULL, NULL, 'boom', 't4', NULL, NULL),
                   (7, 'd', 'v', 'sandbox', 'r2', 'auto_reply', 'text', '"y"', 'sent', 1, 't1', NULL, NULL, NULL, NULL, 'p', 't5'),
                   (9, 'e', 'v', 'sandbox', 'r3', 'auto_reply', 'text', '"z"', 'active', 0, 't1', NULL, NULL, NULL, NULL, NULL, NULL);
            DELETE FROM delivery_items WHERE seq = 9;
            """);
        var before = await RowsAsync($"SELECT {Row} FROM delivery_items ORDER BY seq;");

        var applied = await SqliteMigrationRunner.ApplyAsync(_connection, SqliteMigrations.All.Take(16).ToList(), _time, Ct);

        Assert.Equal([16], applied.Select(migration => migration.Version));
        Assert.Equal(before, await RowsAsync($"SELECT {Row} FROM delivery_items ORDER BY seq;"));
        Assert.Equal(["-"], await RowsAsync("SELECT DISTINCT coalesce(withdrawn_at, '-') FROM delivery_items;"));
        Assert.Equal(
            [
                "delivery_items_by_recipient|CREATE INDEX delivery_items_by_recipient ON delivery_items (user_id, state, recipient, seq)",
                "delivery_items_by_state|CREATE INDEX delivery_items_by_state ON delivery_items (user_id, state, seq)",
                "delivery_items_sent|CREATE INDEX delivery_items_sent ON delivery_items (user_id, sent_at) WHERE state = 'sent'",
                "delivery_items_sent_retention|CREATE INDEX delivery_items_sent_retention ON delivery_items (sent_at) WHERE state = 'sent'",
                "delivery_items_withdrawn_retention|CREATE INDEX delivery_items_withdrawn_retention ON delivery_items (withdrawn_at) WHERE state = 'withdrawn'",
                "sqlite_autoindex_delivery_items_1|",
            ],
            await RowsAsync("SELECT name || '|' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery_items' ORDER BY name;"));
        Assert.Empty(await RowsAsync("SELECT name FROM sqlite_master WHERE name LIKE '%rebuilt%';"));
        Assert.Equal(["delivery_items|9"], await RowsAsync("SELECT name || '|' || seq FROM sqlite_sequence WHERE name LIKE 'delivery%';"));

        // The deleted top sequence is not reused; the id stays unique; withdrawn is now a state.
        await ExecuteAsync("""
            INSERT INTO delivery_items (id, user_id, recipient, origin, message_type, content, state, attempts, created_at, withdrawn_at)
            VALUES ('f', 'u', 'r1', 'auto_reply', 'text', '"w"', 'withdrawn', 0, 't1', 't6');
            """);
        Assert.Equal(["10"], await RowsAsync("SELECT seq FROM delivery_items WHERE id = 'f';"));
        await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("""
            INSERT INTO delivery_items (id, user_id, recipient, origin, message_type, content, state, attempts, created_at)
            VALUES ('a', 'u', 'r1', 'auto_reply', 'text', '"w"', 'active', 0, 't1');
            """));
    }

    [Fact]
    public async Task An_empty_queue_is_rebuilt_too()
    {
        await _connection.OpenAsync(Ct);

        await SqliteMigrationRunner.ApplyAsync(_connection, SqliteMigrations.All, _time, Ct);

        Assert.Equal(1L, (long)(await ScalarAsync("SELECT strict FROM pragma_table_list WHERE name = 'delivery_items';"))!);
        Assert.Equal(0L, (long)(await ScalarAsync("SELECT COUNT(*) FROM delivery_items;"))!);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetValue(0).ToString()!);
        }
        return rows;
    }
}
