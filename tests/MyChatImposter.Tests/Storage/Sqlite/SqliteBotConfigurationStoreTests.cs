using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteBotConfigurationStoreTests : BotConfigurationStoreContract
{
    // A fresh directory per test; the database sits in a subdirectory that does not exist yet.
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mychatimposter-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_root, "nested", "storage.db");

    protected override IReadOnlyDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = DatabasePath,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Initialize_creates_the_file_and_its_directory()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(DatabasePath)));

        await OpenStoreAsync();

        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Journal_mode_is_wal()
    {
        await OpenStoreAsync();

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync("PRAGMA foreign_keys;"));
    }

    [Fact]
    public async Task Initializing_again_changes_nothing()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(ConfigurationDocuments.Full("ivan"), Ct);

        await Services!.InitializeStorageAsync(Ct);
        store = await RestartAsync();

        Assert.Equal(
            SqliteMigrations.All.Select(m => (long)m.Version),
            (await ColumnAsync("SELECT version FROM schema_version ORDER BY version;")).Cast<long>());
        AssertSameDocument(ConfigurationDocuments.Full("ivan"), await store.GetAsync("ivan", Ct));
    }

    [Fact]
    public async Task A_database_of_a_newer_version_is_refused()
    {
        await OpenStoreAsync();
        var future = SqliteMigrations.All[^1].Version + 1;
        await ExecuteAsync(
            $"INSERT INTO schema_version (version, description, applied_at) VALUES ({future}, 'from the future', '2030-01-01T00:00:00Z');");

        var refused = await Assert.ThrowsAsync<SqliteSchemaTooNewException>(RestartAsync);

        Assert.Contains($"schema version {future}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {future - 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(DatabasePath, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_check_is_healthy()
    {
        await OpenStoreAsync();

        var report = await Services!.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await Services!.GetRequiredService<SqliteDatabase>().OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private async Task<List<object>> ColumnAsync(string sql)
    {
        await using var connection = await Services!.GetRequiredService<SqliteDatabase>().OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<object>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetValue(0));
        }
        return values;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Services!.GetRequiredService<SqliteDatabase>().ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
