using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Hosting;

// The host as its own process, killed with SIGKILL mid-traffic and started again.
public sealed class SessionRestartTests
{
    [Fact]
    public async Task After_a_kill_the_linked_sandbox_session_resumes_and_every_accepted_message_is_archived()
    {
        var ct = TestContext.Current.CancellationToken;
        var workingDirectory = Directory.CreateTempSubdirectory("imposter-restart-").FullName;
        try
        {
            await HostProcess.CreateAdminAsync(workingDirectory, ct);
            var accepted = new List<string>();
            await using (var first = HostProcess.Start(workingDirectory))
            {
                await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
                using var client = new HttpClient { BaseAddress = first.BaseAddress };
                await HostProcess.SignInAsync(client, ct);
                (await client.PutAsJsonAsync("/api/external/users/ann", ConfigurationDocuments.Valid("ann"), ct)).EnsureSuccessStatusCode();
                (await client.PostAsync("/api/external/users/ann/actions/link", null, ct)).EnsureSuccessStatusCode();
                for (var index = 0; index < 200; index++)
                {
                    var response = await client.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound",
                        new { message_id = $"m{index}", correspondent_id = $"c{index % 7}", text = $"message {index}" }, ct);
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    accepted.Add($"m{index}");
                }
            } // disposing kills the process (SIGKILL): no graceful drain

            await using var second = HostProcess.Start(workingDirectory);
            await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
            using var again = new HttpClient { BaseAddress = second.BaseAddress };
            await HostProcess.SignInAsync(again, ct);
            await second.WaitUntilAsync(async () =>
                (await again.GetAsync("/api/external/users/ann/status", ct)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), ct);

            var archive = await again.GetFromJsonAsync<JsonObject>("/api/external/features/automatic_bot_reply/queue/ann", ct);
            var archivedIds = archive!.SelectMany(pair => pair.Value!.AsArray().Select(row => (string)row!["provider_message_id"]!)).ToHashSet();
            Assert.Equal(accepted.ToHashSet(), archivedIds);
            var status = await again.GetFromJsonAsync<JsonObject>("/api/external/users/ann/status", ct);
            Assert.Equal("connected", (string)status!["status"]!);
            var replay = await again.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound",
                new { message_id = "m0", correspondent_id = "c0", text = "message 0" }, ct);
            Assert.True((bool)(await replay.Content.ReadFromJsonAsync<JsonObject>(ct))!["duplicate"]!);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
