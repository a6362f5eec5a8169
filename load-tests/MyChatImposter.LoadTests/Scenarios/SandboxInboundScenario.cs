using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests.Scenarios;

// Contacts writing to a linked sandbox bot over HTTP: every request is acknowledged (202) only once the
// message is durably archived, so the latency recorded is inbound call → archive.
public sealed class SandboxInboundScenario : IScenario
{
    public const string BotId = "load-bot";
    private const int CorrespondentsPerUser = 50;

    public string Name => "sandbox";

    public IReadOnlyList<string> Operations { get; } = ["inbound"];

    public async Task PrepareAsync(VirtualUser user, CancellationToken cancellationToken)
    {
        var document = ConfigurationDocuments.Valid(BotId);
        await user.PrepareAsync(HttpMethod.Put, $"/api/external/users/{BotId}",
            new StringContent(document.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")), cancellationToken);
        // 409: already linked, by an earlier run against the same host (--url).
        await user.PrepareAsync(HttpMethod.Post, $"/api/external/users/{BotId}/actions/link", null, cancellationToken,
            alsoFine: System.Net.HttpStatusCode.Conflict);
    }

    public async Task RunIterationAsync(VirtualUser user, long iteration)
    {
        var body = new JsonObject
        {
            ["message_id"] = $"u{user.Index}-{iteration}",
            ["correspondent_id"] = $"{447700000000L + user.Index * CorrespondentsPerUser + iteration % CorrespondentsPerUser}@s.whatsapp.net",
            ["display_name"] = $"Contact {user.Index}",
            ["text"] = $"Message {iteration}: are we still on for tomorrow?",
        };
        await user.SendAsync("inbound", HttpMethod.Post, $"/api/external/users/{BotId}/sandbox/inbound",
            new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            expected: System.Net.HttpStatusCode.Accepted);
    }
}
