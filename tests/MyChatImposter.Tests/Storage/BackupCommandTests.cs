using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Storage;

// `backup <file>` copies the SQLite database of a running host; a host started on the copy serves the same
// bots, archive and delivery queue.
public sealed class BackupCommandTests : IAsyncDisposable
{
    private const string Bot = "backed-up-bot";
    private readonly string _backups = Directory.CreateTempSubdirectory("imposter-backup-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_backups, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static async Task<(int ExitCode, string Output, string Error)> BackUpAsync(string databasePath, string file)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await BackupCommand.RunAsync(
            [BackupCommand.Name, file, "--Storage:Provider=Sqlite", $"--Storage:Sqlite:Path={databasePath}"], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_backup_of_a_running_host_restores_into_a_host_serving_the_same_bots_archive_and_queue()
    {
        var file = Path.Combine(_backups, "copy.db");
        await using (var running = new ImposterApp())
        {
            var admin = await running.AdminClientAsync();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/external/users/{Bot}",
                ConfigurationDocuments.Valid(Bot).With("configurations.chat_provider_config.provider_name", "sandbox"), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/external/users/{Bot}/actions/link", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/external/users/{Bot}/sandbox/inbound",
                new { message_id = "m-1", correspondent_id = "dana", text = "Kept in the backup" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/external/users/{Bot}/actions/unlink", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/external/users/{Bot}/delivery",
                new { recipient = "dana", text = "Waiting in the queue" }, Ct)).StatusCode);

            // While the host runs.
            var (exitCode, output, error) = await BackUpAsync(running.DatabasePath, file);

            Assert.True(exitCode == 0, error);
            Assert.Contains(file, output);
        }

        var restored = Directory.CreateTempSubdirectory("imposter-restored-").FullName;
        File.Copy(file, Path.Combine(restored, "test.db"));
        await using var host = new ImposterApp(dataDirectory: restored);
        var client = await host.SignedInClientAsync(ImposterApp.AdminId, ImposterApp.AdminPassword);

        var configuration = await client.GetFromJsonAsync<JsonObject>($"/api/external/users/{Bot}", Ct);
        var archive = await client.GetStringAsync($"/api/external/features/automatic_bot_reply/queue/{Bot}/dana", Ct);
        var holding = await client.GetStringAsync($"/api/external/async-message-delivery-queue/holding/{Bot}", Ct);

        Assert.Equal(Bot, (string?)configuration!["user_id"]);
        Assert.Contains("Kept in the backup", archive);
        Assert.Contains("Waiting in the queue", holding);
        Directory.Delete(restored, recursive: true);
    }

    [Fact]
    public async Task A_backup_never_overwrites_and_names_what_is_wrong()
    {
        await using var running = new ImposterApp();
        await running.AdminClientAsync();
        var existing = Path.Combine(_backups, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me", Ct);

        var (overwrite, _, overwriteError) = await BackUpAsync(running.DatabasePath, existing);
        var (missing, _, missingError) = await BackUpAsync(Path.Combine(_backups, "none.db"), Path.Combine(_backups, "new.db"));

        Assert.Equal(1, overwrite);
        Assert.Contains("exists", overwriteError);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, Ct));
        Assert.Equal(1, missing);
        Assert.Contains("no database", missingError);
        Assert.False(File.Exists(Path.Combine(_backups, "new.db")));
    }
}
