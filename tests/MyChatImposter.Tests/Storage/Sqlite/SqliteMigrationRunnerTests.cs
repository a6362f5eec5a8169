using Microsoft.Data.Sqlite;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteMigrationRunnerTests : IAsyncDisposable
{
    private static readonly SqliteMigration CreateA = new(1, "a", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
    private static readonly SqliteMigration CreateB = new(2, "b", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
    private static readonly SqliteMigration CreateC = new(3, "c", "CREATE TABLE c (id INTEGER PRIMARY KEY);");

    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    [Fact]
    public async Task Applies_only_the_pending_migrations_in_order()
    {
        await _connection.OpenAsync(Ct);

        var first = await ApplyAsync(CreateA, CreateB);
        var second = await ApplyAsync(CreateA, CreateB, CreateC);
        var third = await ApplyAsync(CreateA, CreateB, CreateC);

        Assert.Equal([1, 2], first.Select(m => m.Version));
        Assert.Equal([3], second.Select(m => m.Version));
        Assert.Empty(third);
        Assert.Equal(["1 a", "2 b", "3 c"], await RowsAsync("SELECT version || ' ' || description FROM schema_version ORDER BY version;"));
        Assert.Equal(["a", "b", "c"], await RowsAsync("SELECT name FROM sqlite_master WHERE name IN ('a', 'b', 'c') ORDER BY name;"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_the_database_as_it_was()
    {
        await _connection.OpenAsync(Ct);
        await ApplyAsync(CreateA);

        var broken = new SqliteMigration(3, "broken", "CREATE TABLE d (id INTEGER PRIMARY KEY); THIS IS NOT SQL;");
        await Assert.ThrowsAsync<SqliteException>(() => ApplyAsync(CreateA, CreateB, broken));

        Assert.Equal(["1"], await RowsAsync("SELECT version FROM schema_version;"));
        Assert.Equal(["a"], await RowsAsync("SELECT name FROM sqlite_master WHERE name IN ('a', 'b', 'd');"));
    }

    [Fact]
    public async Task Refuses_migrations_that_are_not_numbered_one_by_one()
    {
        await _connection.OpenAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ApplyAsync(CreateA, CreateC));

        Assert.Contains("position 2 holds version 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_migrations_are_numbered_one_by_one() =>
        Assert.Equal(Enumerable.Range(1, SqliteMigrations.All.Count), SqliteMigrations.All.Select(m => m.Version));

    private Task<IReadOnlyList<SqliteMigration>> ApplyAsync(params SqliteMigration[] migrations) =>
        SqliteMigrationRunner.ApplyAsync(_connection, migrations, TimeProvider.System, Ct);

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return rows;
    }
}
