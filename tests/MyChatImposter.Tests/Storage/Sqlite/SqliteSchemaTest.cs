using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// A migrated SQLite database for tests that read the schema itself (strictness, constraints, query plans).
public abstract class SqliteSchemaTest : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await (await DatabaseAsync()).OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    protected async Task<List<string>> ColumnAsync(string sql, int column)
    {
        await using var connection = await (await DatabaseAsync()).OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(column));
        }
        return values;
    }

    private async Task<SqliteDatabase> DatabaseAsync()
    {
        if (_services is null)
        {
            _services = StorageTestHost.Build(_database.StorageSettings());
            await _services.InitializeStorageAsync(Ct);
        }
        return _services.GetRequiredService<SqliteDatabase>();
    }
}
