using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Hosting;

// What an operator runs: the `dotnet publish` output, the container's health probe, JSON console logs.
public sealed class ProductionHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> InTemporaryFolderAsync<T>(string prefix, Func<string, Task<T>> run)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            return await run(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_published_output_runs_as_is_from_any_folder_and_serves_its_pages()
    {
        await InTemporaryFolderAsync("imposter-publish-", async folder =>
        {
            var output = Path.Combine(folder, "app");
            var publishing = new ProcessStartInfo("dotnet");
            foreach (var argument in new[] { "publish", Path.Combine(HostProcess.RepositoryRoot(), "src", "MyChatImposter"), "-c", "Release", "-o", output, "-v", "q", "-nologo" })
            {
                publishing.ArgumentList.Add(argument);
            }
            var publish = await HostProcess.RunToEndAsync(publishing, null, Ct);
            Assert.True(publish.ExitCode == 0, publish.Output + publish.Error);

            // Started from another folder: the data lands under that folder, everything else comes with the build.
            var workingDirectory = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;
            await using var host = HostProcess.StartAssembly(Path.Combine(output, "MyChatImposter.dll"), workingDirectory);
            await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), Ct);
            using var client = new HttpClient { BaseAddress = host.BaseAddress };
            Assert.Contains("My Chat Imposter", await client.GetStringAsync("/setup", Ct));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/css/site.css", Ct)).StatusCode);
            Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "mychatimposter.db")));
            return 0;
        });
    }

    [Fact]
    public async Task The_probe_command_exits_0_for_a_ready_host_and_1_for_one_that_does_not_answer()
    {
        await InTemporaryFolderAsync("imposter-probe-", async folder =>
        {
            Uri ready;
            await using (var host = HostProcess.Start(folder))
            {
                await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), Ct);
                ready = new Uri(host.BaseAddress, "/ready");
                var answered = await HostProcess.RunCommandAsync(folder, null, ["probe", ready.ToString()], Ct);
                Assert.Equal((0, $"{ready}: 200"), (answered.ExitCode, answered.Output.Trim()));
            }
            var stopped = await HostProcess.RunCommandAsync(folder, null, ["probe", ready.ToString()], Ct);
            Assert.Equal(1, stopped.ExitCode);
            Assert.StartsWith($"{ready}: no answer", stopped.Error, StringComparison.Ordinal);
            var wrong = await HostProcess.RunCommandAsync(folder, null, ["probe", "not a url"], Ct);
            Assert.Equal(2, wrong.ExitCode);
            return 0;
        });
    }

    [Fact]
    public async Task With_the_json_console_formatter_every_log_line_is_one_json_object()
    {
        await InTemporaryFolderAsync("imposter-json-logs-", async folder =>
        {
            // With an administrator: before one exists, the setup code's banner is written for a person, as text.
            await HostProcess.CreateAdminAsync(folder, Ct);
            await using var host = HostProcess.Start(folder, "--Logging:Console:FormatterName=json");
            await host.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(30), Ct);

            var lines = host.Output.Where(line => line.StartsWith('{')).ToList();
            Assert.NotEmpty(lines);
            var listening = lines.Select(line => JsonNode.Parse(line)!).Single(entry => ((string?)entry["Message"])?.StartsWith("Now listening on", StringComparison.Ordinal) == true);
            Assert.Equal(("Information", "Microsoft.Hosting.Lifetime"), ((string?)listening["LogLevel"], (string?)listening["Category"]));
            Assert.All(host.Output, line => Assert.StartsWith("{", line, StringComparison.Ordinal));
            return 0;
        });
    }

    [Fact]
    public async Task A_short_scrape_token_stops_the_host_with_the_settings_name()
    {
        var (exitCode, _, error) = await InTemporaryFolderAsync("imposter-short-token-", folder =>
            HostProcess.RunCommandAsync(folder, null, ["--Telemetry:MetricsScrapeToken=too-short"], Ct));

        Assert.Equal(1, exitCode);
        Assert.Contains("Telemetry:MetricsScrapeToken is too short", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_a_newer_version_migrated_stops_the_host_at_once_and_says_why()
    {
        var (exitCode, output, error, versions) = await InTemporaryFolderAsync("imposter-downgrade-", async folder =>
        {
            await HostProcess.CreateAdminAsync(folder, Ct);
            var database = Path.Combine(folder, "data", "mychatimposter.db");
            var future = MyChatImposter.Storage.Sqlite.SqliteMigrations.All[^1].Version + 1;
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
            {
                await connection.OpenAsync(Ct);
                await using var insert = connection.CreateCommand();
                insert.CommandText = $"INSERT INTO schema_version (version, description, applied_at) VALUES ({future}, 'from a newer build', '2030-01-01T00:00:00Z');";
                await insert.ExecuteNonQueryAsync(Ct);
            }

            var (code, stdout, stderr) = await HostProcess.RunCommandAsync(folder, null, [], Ct);

            await using var after = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await after.OpenAsync(Ct);
            await using var count = after.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM schema_version;";
            return (code, stdout, stderr, (long)(await count.ExecuteScalarAsync(Ct))!);
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("It was written by a newer version of My Chat Imposter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);
        // Nothing migrated back or forth: the versions are the ones the newer build left.
        Assert.Equal(MyChatImposter.Storage.Sqlite.SqliteMigrations.All.Count + 1, versions);
    }

    [Fact]
    public async Task A_data_path_that_cannot_hold_a_database_stops_the_host_with_the_file_named()
    {
        var (notAFolder, notADatabase) = await InTemporaryFolderAsync("imposter-bad-data-", async folder =>
        {
            // A file where the database's folder should be, and a file that is not a SQLite database.
            var blocker = Path.Combine(folder, "blocker");
            await File.WriteAllTextAsync(blocker, "a file, not a folder", Ct);
            var garbage = Path.Combine(folder, "garbage.db");
            await File.WriteAllTextAsync(garbage, new string('x', 4096), Ct);
            return (await HostProcess.RunCommandAsync(folder, null, [$"--Storage:Sqlite:Path={Path.Combine(blocker, "imposter.db")}"], Ct),
                await HostProcess.RunCommandAsync(folder, null, [$"--Storage:Sqlite:Path={garbage}"], Ct));
        });

        foreach (var (exitCode, output, error) in new[] { notAFolder, notADatabase })
        {
            Assert.Equal(1, exitCode);
            Assert.Contains("cannot be used", error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);
        }
        Assert.Contains(Path.Combine("blocker", "imposter.db"), notAFolder.Error, StringComparison.Ordinal);
        Assert.Contains("garbage.db", notADatabase.Error, StringComparison.Ordinal);
    }
}
