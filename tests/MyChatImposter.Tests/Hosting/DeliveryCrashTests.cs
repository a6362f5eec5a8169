using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace MyChatImposter.Tests.Hosting;

// The host as its own process, sending through a slow sandbox network, killed with SIGKILL mid-way and
// started again: every queued item is delivered, and the only ones delivered twice are ones that were in
// flight at the kill (the documented crash window).
public sealed class DeliveryCrashTests
{
    private static readonly string[] Users = ["ann", "bob"];
    private const int ItemsPerUser = 20;

    [Fact]
    public async Task After_a_kill_mid_delivery_every_item_is_delivered_and_only_items_in_flight_may_be_delivered_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var workingDirectory = Directory.CreateTempSubdirectory("imposter-delivery-crash-").FullName;
        var logPath = Path.Combine(workingDirectory, "outbound.log");
        string[] arguments =
        [
            "--Delivery:MinDelay=00:00:00", "--Delivery:MaxDelay=00:00:00", "--Delivery:TypingPresence=false",
            "--Delivery:MaxPerRecipientPerHour=1000", "--Delivery:MaxPerAccountPerDay=10000",
            // Each send takes 300 ms, half before the network accepts it and half before its id comes back.
            "--Sandbox:SendDelay=00:00:00.300", $"--Sandbox:OutboundLogPath={logPath}",
        ];
        try
        {
            await HostProcess.CreateAdminAsync(workingDirectory, ct);
            var expected = new HashSet<(string User, string Text)>();
            await using (var first = HostProcess.Start(workingDirectory, arguments))
            {
                await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
                using var client = new HttpClient { BaseAddress = first.BaseAddress };
                await HostProcess.SignInAsync(client, ct);
                foreach (var user in Users)
                {
                    (await client.PutAsJsonAsync($"/api/external/users/{user}", ConfigurationDocuments.Valid(user), ct)).EnsureSuccessStatusCode();
                    (await client.PostAsync($"/api/external/users/{user}/actions/link", null, ct)).EnsureSuccessStatusCode();
                }
                for (var index = 0; index < ItemsPerUser; index++)
                {
                    foreach (var user in Users)
                    {
                        var text = $"{user} item {index}";
                        var response = await client.PostAsJsonAsync($"/api/external/users/{user}/delivery",
                            new { recipient = $"friend{index % 4}", text }, ct);
                        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                        expected.Add((user, text));
                    }
                }
                // Mid-way: about a third has crossed the network edge.
                await first.WaitUntilAsync(() => Task.FromResult(Delivered(logPath).Count >= expected.Count / 3), TimeSpan.FromSeconds(60), ct);
            } // disposing kills the process (SIGKILL): no graceful stop

            var deliveredBeforeKill = Delivered(logPath);
            var inFlightAtKill = await InFlightAsync(Path.Combine(workingDirectory, "data", "mychatimposter.db"), ct);
            Assert.True(deliveredBeforeKill.Count < expected.Count, "everything was delivered before the kill; the test proves nothing");

            await using var second = HostProcess.Start(workingDirectory, arguments);
            await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
            using var again = new HttpClient { BaseAddress = second.BaseAddress };
            await HostProcess.SignInAsync(again, ct);
            await second.WaitUntilAsync(async () => Delivered(logPath).ToHashSet().IsSupersetOf(expected) && await QueuesEmptyAsync(again, ct),
                TimeSpan.FromSeconds(90), ct);

            var delivered = Delivered(logPath);
            Assert.Equal(expected, delivered.ToHashSet());
            var duplicates = delivered.GroupBy(line => line).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{expected.Count} items; {deliveredBeforeKill.Count} delivered before the kill; {inFlightAtKill.Count} in flight at the kill; " +
                $"{duplicates.Count} delivered twice: {string.Join(", ", duplicates.Select(duplicate => duplicate.Text))}");
            Assert.True(duplicates.Count <= inFlightAtKill.Count,
                $"{duplicates.Count} items were delivered twice but only {inFlightAtKill.Count} were in flight at the kill");
            Assert.All(duplicates, duplicate => Assert.Contains(duplicate, inFlightAtKill));
            Assert.All(delivered.GroupBy(line => line), group => Assert.InRange(group.Count(), 1, 2));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    // Every (user, text) the sandbox network accepted, in order, duplicates included.
    private static List<(string User, string Text)> Delivered(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return [];
        }
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            // A line being written as we read is incomplete; it is read whole next time.
            if (line.EndsWith('}'))
            {
                var json = JsonNode.Parse(line)!;
                lines.Add(((string)json["user_id"]!, (string)json["text"]!));
            }
        }
        return lines;
    }

    // Items whose attempt had started (the in-flight mark) and had not been recorded as sent when the process died.
    private static async Task<HashSet<(string User, string Text)>> InFlightAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, content FROM delivery_items WHERE sending_since IS NOT NULL AND state <> 'sent';";
        var inFlight = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inFlight.Add((reader.GetString(0), JsonSerializer.Deserialize<string>(reader.GetString(1))!));
        }
        return inFlight;
    }

    private static async Task<bool> QueuesEmptyAsync(HttpClient client, CancellationToken ct)
    {
        foreach (var user in Users)
        {
            foreach (var state in new[] { "active", "holding", "failed" })
            {
                var items = await client.GetFromJsonAsync<JsonArray>($"/api/external/async-message-delivery-queue/{state}/{user}", ct);
                if (items!.Count > 0)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
