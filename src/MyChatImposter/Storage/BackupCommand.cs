using Microsoft.Data.Sqlite;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Storage;

// `backup <file>`: a consistent copy of the SQLite database while the host runs (SQLite's online backup, from
// one read transaction, so a commit in flight is either wholly in the copy or not at all). The copy is written
// beside its destination and renamed once checked, so a failed backup leaves no half-written file. MongoDB has
// its own tool (mongodump), which the command names.
public static class BackupCommand
{
    public const string Name = "backup";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]) || args[1].StartsWith('-'))
        {
            await error.WriteLineAsync($"usage: {Name} <file> [--Storage:Sqlite:Path=... other host settings]");
            return 2;
        }
        var destination = Path.GetFullPath(args[1]);

        var builder = WebApplication.CreateBuilder(args[2..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddStorage(builder.Configuration);
        await using var app = builder.Build();
        if (!StartupOptionsCheck.Passes(app.Services, error))
        {
            return 1;
        }
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.Provider == StorageProvider.MongoDb)
        {
            await error.WriteLineAsync("The store is MongoDB: back it up with mongodump (see the README, \"Running in production\").");
            return 2;
        }
        var database = app.Services.GetRequiredService<SqliteDatabase>();
        if (!File.Exists(database.FilePath))
        {
            await error.WriteLineAsync($"There is no database at {database.FilePath}: nothing to back up.");
            return 1;
        }
        if (File.Exists(destination))
        {
            await error.WriteLineAsync($"{destination} exists: name a new file (a backup never overwrites).");
            return 1;
        }
        try
        {
            var bytes = await BackUpAsync(database, destination);
            await output.WriteLineAsync($"Backed up {database.FilePath} to {destination} ({bytes:N0} bytes).");
            return 0;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"The backup failed: {exception.Message}");
            return 1;
        }
    }

    private static async Task<long> BackUpAsync(SqliteDatabase database, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + ".partial";
        File.Delete(partial);
        try
        {
            await using (var source = await database.OpenReadConnectionAsync(CancellationToken.None))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await copy.OpenAsync();
                source.BackupDatabase(copy);
                await using var check = copy.CreateCommand();
                check.CommandText = "PRAGMA quick_check;";
                if (await check.ExecuteScalarAsync() is not "ok")
                {
                    throw new IOException("The copy does not pass SQLite's check.");
                }
                // One file that opens anywhere: the copy leaves WAL mode, so nothing of it sits in a -wal beside it.
                check.CommandText = "PRAGMA journal_mode = DELETE;";
                await check.ExecuteNonQueryAsync();
            }
            File.Move(partial, destination);
            return new FileInfo(destination).Length;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
