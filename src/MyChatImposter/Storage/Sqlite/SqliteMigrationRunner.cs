using Microsoft.Data.Sqlite;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteSchemaTooNewException(string message) : StorageStartException(message);

public static class SqliteMigrationRunner
{
    // Applies the migrations above the database's version in one transaction, so a failing step leaves the
    // database as it was. Returns the migrations applied (none on a database already up to date).
    public static async Task<IReadOnlyList<SqliteMigration>> ApplyAsync(
        SqliteConnection connection,
        IReadOnlyList<SqliteMigration> migrations,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        EnsureConsecutive(migrations);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;

        // BEGIN IMMEDIATE takes the write lock first: two processes starting together apply each
        // migration once; the second waits, then finds nothing to do.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            ) STRICT;
            """, cancellationToken);

        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        if (current > latest)
        {
            throw new SqliteSchemaTooNewException(
                $"The SQLite database '{connection.DataSource}' is at schema version {current}, but this build " +
                $"only knows versions up to {latest}. It was written by a newer version of My Chat Imposter: " +
                "run that version, or restore a backup made before the upgrade.");
        }

        var applied = new List<SqliteMigration>();
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText =
                "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $at);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$description", migration.Description);
            record.Parameters.AddWithValue("$at", SqliteTimestamp.Format(time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(migration);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private static async Task<int> CurrentVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static void EnsureConsecutive(IReadOnlyList<SqliteMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"SQLite migrations must be numbered 1, 2, 3, ... in order; position {i + 1} holds version " +
                    $"{migrations[i].Version} ({migrations[i].Description}).");
            }
        }
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
