using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Hosting;

public sealed class ZeroConfigurationStartTests
{
    [Fact]
    public async Task Host_started_without_configuration_serves_health_and_creates_the_sqlite_file()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("imposter-fresh-").FullName;
        try
        {
            await using (var host = HostProcess.Start(workingDirectory))
            {
                var elapsed = await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

                TestContext.Current.SendDiagnosticMessage($"healthy after {elapsed.TotalMilliseconds:F0} ms");
                Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "mychatimposter.db")));
                using var client = new HttpClient { BaseAddress = host.BaseAddress };
                var health = await client.GetFromJsonAsync<JsonObject>("/health", TestContext.Current.CancellationToken);
                Assert.Equal("healthy", (string?)health!["status"]);
                var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
                Assert.Contains("My Chat Imposter", page);
            }
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Saved_configuration_survives_a_host_restart()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("imposter-restart-").FullName;
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await HostProcess.CreateAdminAsync(workingDirectory, ct);
            await using (var first = HostProcess.Start(workingDirectory))
            {
                await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
                using var client = new HttpClient { BaseAddress = first.BaseAddress };
                await HostProcess.SignInAsync(client, ct);
                var put = await client.PutAsJsonAsync("/api/external/users/carol", ConfigurationDocuments.Valid("carol"), ct);
                put.EnsureSuccessStatusCode();
            }

            await using var second = HostProcess.Start(workingDirectory);
            await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
            using var again = new HttpClient { BaseAddress = second.BaseAddress };
            await HostProcess.SignInAsync(again, ct);
            var stored = await again.GetFromJsonAsync<JsonObject>("/api/external/users/carol", ct);
            Assert.Equal("carol", (string?)stored!["user_id"]);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
