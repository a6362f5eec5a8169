using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.Pipeline;

namespace MyChatImposter.Tests.Api;

// A client written against the original keeps working: every endpoint of spec/08, called as the original's
// clients called it (Fixtures/original-endpoints.json), answers with the original's status and JSON shape, or
// with the deliberate difference the fixture records with its reason (the README's "Differences from the
// original" lists the same). The cases run in the file's order against one host, reads before deletes.
public sealed class OriginalCompatibilityTests : IAsyncLifetime
{
    // spec/08's tables, one row per endpoint (§7's backend root is the gateway's `/` here: one host).
    private static readonly string[] SpecEndpoints =
    [
        "GET /", "GET /health", "GET /docs", "GET /openapi.json",
        "POST /api/external/auth/login", "POST /api/external/auth/logout", "ANY /api/external/{rest}",
        "GET /api/external/users", "GET /api/external/users/status", "GET /api/external/users/schema", "GET /api/external/users/defaults",
        "GET /api/external/users/{user_id}", "PUT /api/external/users/{user_id}", "DELETE /api/external/users/{user_id}",
        "GET /api/external/users/{user_id}/status", "POST /api/external/users/{user_id}/actions/link",
        "POST /api/external/users/{user_id}/actions/unlink", "POST /api/external/users/{user_id}/actions/reload",
        "GET /api/external/users/{user_id}/groups",
        "GET /api/external/features/automatic_bot_reply/queue/{user_id}",
        "DELETE /api/external/features/automatic_bot_reply/queue/{user_id}",
        "DELETE /api/external/features/automatic_bot_reply/queue/{user_id}/{correspondent_id}",
        "GET /api/external/features/automatic_bot_reply/context/{user_id}",
        "DELETE /api/external/features/automatic_bot_reply/context/{user_id}",
        "GET /api/external/features/automatic_bot_reply/incoming-buffer/{user_id}",
        "DELETE /api/external/features/automatic_bot_reply/incoming-buffer/{user_id}",
        "DELETE /api/external/features/automatic_bot_reply/incoming-buffer/{user_id}/{correspondent_id}",
        "GET /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}",
        "GET /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}/{group_id}",
        "DELETE /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}",
        "DELETE /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}/{group_id}",
        "GET /api/external/async-message-delivery-queue/{queue_type}/{user_id}",
        "DELETE /api/external/async-message-delivery-queue/{queue_type}/{message_id}",
        "GET /api/external/resources/languages", "GET /api/external/resources/timezones",
    ];

    private const string OwnerPassword = "Ann-Passw0rd!";
    private readonly RecordingFeature _feature = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;
    private HttpClient _owner = null!;
    private string _item = "";

    public OriginalCompatibilityTests() =>
        _app = new ImposterApp { ConfigureServices = services => services.AddSingleton<IMessageFeatureFactory>(_feature) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonArray Cases { get; } = (JsonArray)JsonNode.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "Fixtures", "original-endpoints.json")))!["cases"]!;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ann: linked, one message from alice archived and in its window, the sandbox group Family; bob: saved, not
    // linked, one text queued (held); ann also has a login account (the "user" caller).
    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync("ann", OwnerPassword);
        _owner = await _app.SignedInClientAsync("ann", OwnerPassword, "10.0.0.2");
        foreach (var bot in new[] { "ann", "bob" })
        {
            Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/external/users/{bot}", ConfigurationDocuments.Valid(bot), Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync("/api/external/users/ann/actions/link", null, Ct)).StatusCode);
        Assert.True((await _admin.PutAsJsonAsync("/api/external/users/ann/sandbox/groups",
            new[] { new { id = "120363000000000001@g.us", name = "Family" } }, Ct)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound",
            new { correspondent_id = "alice", display_name = "Alice", text = "Hi" }, Ct)).StatusCode);
        await _feature.WaitForAsync("ann", 1);
        var queued = await _admin.PostAsJsonAsync("/api/external/users/bob/delivery", new { recipient = "self", text = "Call me" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        _item = (string)(await queued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["message_id"]!;
    }

    [Fact]
    public void Every_endpoint_of_spec_08_has_a_fixture_and_every_fixture_names_one()
    {
        var covered = Cases.Select(@case => (string)@case!["endpoint"]!).ToHashSet();

        Assert.Empty(SpecEndpoints.Except(covered));
        Assert.Empty(covered.Except(SpecEndpoints));
        foreach (var @case in Cases)
        {
            // A difference from the original is never silent: a changed answer or added keys carry their reason.
            Assert.True(@case!["ours"] is null && @case["extra_keys"] is not JsonArray || @case["difference"] is not null,
                $"{Name(@case)}: a difference without its reason");
        }
    }

    [Fact]
    public async Task Every_fixture_answers_in_the_recorded_shape()
    {
        var failures = new List<string>();
        foreach (var @case in Cases.Select(node => node!.AsObject()).Where(@case => @case["not_run"] is null))
        {
            var expected = (@case["ours"] ?? @case["original"])!.AsObject();
            var response = await SendAsync(@case);
            var text = await response.Content.ReadAsStringAsync(Ct);
            var problems = new List<string>();
            if ((int)response.StatusCode != (int)expected["status"]!)
            {
                problems.Add($"status {(int)response.StatusCode}, expected {(int)expected["status"]!}");
            }
            else if ((string?)expected["content_type"] == "none")
            {
                if (text.Length > 0)
                {
                    problems.Add("a body, expected none");
                }
            }
            else if (expected["body"] is { } shape)
            {
                Shape.Check(shape, JsonNode.Parse(text), "$", Extras(@case), problems);
            }
            if (problems.Count > 0)
            {
                failures.Add($"{Name(@case)}: {string.Join("; ", problems)}\n    answered: {Cut(text)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<HttpResponseMessage> SendAsync(JsonObject @case)
    {
        var request = @case["request"]!;
        var message = new HttpRequestMessage(new HttpMethod((string)request["method"]!), ((string)request["path"]!).Replace("{item}", _item));
        if (request["body"] is { } body)
        {
            var json = body.GetValueKind() == JsonValueKind.String && ((string)body!).StartsWith("valid-configuration:", StringComparison.Ordinal)
                ? ConfigurationDocuments.Valid(((string)body!)["valid-configuration:".Length..]).ToJsonString()
                : body.ToJsonString();
            message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var client = (string)@case["as"]! switch
        {
            "admin" => _admin,
            "user" => _owner,
            _ => _app.CreateClient("10.0.0.9"),
        };
        return await client.SendAsync(message, Ct);
    }

    private static IReadOnlySet<string>? Extras(JsonObject @case) => @case["extra_keys"] switch
    {
        null => new HashSet<string>(),
        JsonArray keys => keys.Select(key => (string)key!).ToHashSet(),
        _ => null,
    };

    private static string Name(JsonNode @case) => $"{@case["endpoint"]}" + (@case["name"] is { } name ? $" ({name})" : "");

    private static string Cut(string text) => text.Length > 400 ? text[..400] + "…" : text;

    // The JSON kinds of an example body: an object needs every key of the example (others only when the fixture
    // names them, or any with "*"), an array's items each match its first example item, scalars match by kind;
    // an example null accepts any value (the original answered null where it had nothing).
    private static class Shape
    {
        private static string Kind(JsonNode node) => node.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => "Boolean",
            var kind => kind.ToString(),
        };

        public static void Check(JsonNode? example, JsonNode? actual, string path, IReadOnlySet<string>? extras, List<string> problems)
        {
            if (example is null)
            {
                return;
            }
            if (actual is null)
            {
                problems.Add($"{path} is null, expected {example.GetValueKind()}");
                return;
            }
            if (Kind(example) != Kind(actual))
            {
                problems.Add($"{path} is {Kind(actual)}, expected {Kind(example)}");
                return;
            }
            switch (example)
            {
                case JsonObject exampleObject:
                    var actualObject = actual.AsObject();
                    foreach (var (key, value) in exampleObject)
                    {
                        if (!actualObject.ContainsKey(key))
                        {
                            problems.Add($"{path}.{key} is missing");
                            continue;
                        }
                        Check(value, actualObject[key], $"{path}.{key}", extras, problems);
                    }
                    if (extras is not null)
                    {
                        problems.AddRange(actualObject.Select(pair => pair.Key)
                            .Where(key => !exampleObject.ContainsKey(key) && !extras.Contains(key))
                            .Select(key => $"{path}.{key} is not in the original's shape"));
                    }
                    break;
                case JsonArray { Count: > 0 } exampleArray:
                    var index = 0;
                    foreach (var item in actual.AsArray())
                    {
                        Check(exampleArray[0], item, $"{path}[{index++}]", extras, problems);
                    }
                    break;
            }
        }
    }
}
