using System.Net.Http.Headers;
using System.Text;

using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests.Scenarios;

// The configuration editor's traffic: each virtual user saves its own bot configuration and reads it
// back; now and then someone lists all users (the admin page). Each iteration writes a new revision of
// the system prompt, so every PUT changes a stored row and every GET can be checked against it.
public sealed class ConfigurationsScenario : IScenario
{
    private const int ListEvery = 10;

    public string Name => "configurations";

    public IReadOnlyList<string> Operations { get; } = ["put", "get", "list"];

    public async Task RunIterationAsync(VirtualUser user, long iteration)
    {
        var userId = $"load-user-{user.Index}";
        var path = $"/api/external/users/{userId}";
        // The closing parenthesis keeps "(revision 12)" from matching inside "(revision 123)".
        var revision = $"(revision {iteration})";

        var document = ConfigurationDocuments.Valid(userId)
            .With("features.automatic_bot_reply.chat_system_prompt", $"You are {{user_id}}. Answer briefly. {revision}");
        var content = new StringContent(document.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        var saved = await user.SendAsync("put", HttpMethod.Put, path, content);

        var read = await user.SendAsync("get", HttpMethod.Get, path);
        // Only a successful PUT promises the new revision; a failed one is already counted.
        if (saved is not null && read is not null && !read.Contains(revision, StringComparison.Ordinal))
        {
            user.RecordError("get", "stale read (revision just saved is missing)");
        }

        if ((iteration + 1) % ListEvery == 0)
        {
            await user.SendAsync("list", HttpMethod.Get, "/api/external/users");
        }
    }
}
