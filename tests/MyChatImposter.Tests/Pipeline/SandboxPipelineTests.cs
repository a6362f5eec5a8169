using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

// The real pipeline driven through the sandbox API, with a recording feature at the end.
public sealed class SandboxPipelineTests : IAsyncLifetime
{
    private readonly RecordingFeature _feature = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public SandboxPipelineTests() =>
        _app = new ImposterApp { ConfigureServices = services => services.AddSingleton<IMessageFeatureFactory>(_feature) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task LinkAsync(string userId, JsonObject? configuration = null)
    {
        var saved = await _admin.PutAsJsonAsync($"/api/external/users/{userId}", configuration ?? ConfigurationDocuments.Valid(userId), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var linked = await _admin.PostAsync($"/api/external/users/{userId}/actions/link", null, Ct);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string userId, string correspondent, string text, string? messageId = null, object? group = null) =>
        _admin.PostAsJsonAsync($"/api/external/users/{userId}/sandbox/inbound",
            new { message_id = messageId, correspondent_id = correspondent, display_name = "Alice", text, group }, Ct);

    private async Task<JsonObject> ArchiveAsync(string userId) =>
        (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/features/automatic_bot_reply/queue/{userId}", Ct))!;

    [Fact]
    public async Task A_message_is_accepted_archived_and_seen_once_by_the_feature()
    {
        await LinkAsync("ann");

        var response = await SendAsync("ann", "alice", "Are you coming tonight?");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["message_id"]!;
        // 202 means archived: the archive holds it before the feature is even asked.
        var archived = (await ArchiveAsync("ann"))["alice"]!.AsArray().Single()!;
        Assert.Equal(messageId, (string)archived["provider_message_id"]!);
        Assert.Equal(1, (int)archived["id"]!);
        Assert.Equal("user", (string)archived["source"]!);
        Assert.Equal("Are you coming tonight?", (string)archived["content"]!);
        await _feature.WaitForAsync("ann", 1);
        var seen = Assert.Single(_feature.SeenBy("ann"));
        Assert.Equal(messageId, seen.Message.ProviderMessageId);
        Assert.Equal("alice", seen.Window.Single().CorrespondentId);
    }

    [Fact]
    public async Task The_same_message_id_twice_gives_one_archive_row_and_one_feature_call()
    {
        await LinkAsync("ann");

        var first = await SendAsync("ann", "alice", "hello", "wa-1");
        var second = await SendAsync("ann", "alice", "hello", "wa-1");
        await SendAsync("ann", "alice", "marker", "wa-2");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True((bool)(await second.Content.ReadFromJsonAsync<JsonObject>(Ct))!["duplicate"]!);
        Assert.Equal(2, (await ArchiveAsync("ann"))["alice"]!.AsArray().Count);
        await _feature.WaitForAsync("ann", 2);
        Assert.Equal(["wa-1", "wa-2"], _feature.SeenBy("ann").Select(message => message.Message.ProviderMessageId));
    }

    [Fact]
    public async Task A_replay_after_a_reload_is_still_recognised_by_the_archive()
    {
        await LinkAsync("ann");
        await SendAsync("ann", "alice", "hello", "wa-1");
        await _feature.WaitForAsync("ann", 1);

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync("/api/external/users/ann/actions/reload", null, Ct)).StatusCode);
        var replay = await SendAsync("ann", "alice", "hello", "wa-1");
        var late = await SendAsync("ann", "alice", "sent while offline", "wa-0");

        Assert.True((bool)(await replay.Content.ReadFromJsonAsync<JsonObject>(Ct))!["duplicate"]!);
        Assert.False((bool)(await late.Content.ReadFromJsonAsync<JsonObject>(Ct))!["duplicate"]!);
        var rows = (await ArchiveAsync("ann"))["alice"]!.AsArray();
        Assert.Equal([1, 2], rows.Select(row => (int)row!["id"]!));
    }

    [Fact]
    public async Task Ten_thousand_messages_from_a_hundred_correspondents_through_the_api_are_all_archived_in_order()
    {
        await LinkAsync("ann");

        // A hundred contacts writing at once, each its hundred messages one after another.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async correspondent =>
        {
            for (var index = 0; index < 100; index++)
            {
                var response = await SendAsync("ann", $"c{correspondent}", $"{index}", $"c{correspondent}-{index}");
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }));

        var archive = _app.Service<IMessageArchive>();
        Assert.Equal(10_000, await archive.CountAsync("ann", null, Ct));
        foreach (var correspondent in Enumerable.Range(0, 100))
        {
            var rows = await archive.ReadAsync("ann", $"c{correspondent}", 0, 1000, Ct);
            Assert.Equal(Enumerable.Range(0, 100).Select(index => $"{index}"), rows.Select(row => row.Content));
            Assert.Equal(Enumerable.Range(1, 100).Select(id => (long)id), rows.Select(row => row.Id));
        }
        await _feature.WaitForAsync("ann", 10_000);
        foreach (var byCorrespondent in _feature.SeenBy("ann").GroupBy(message => message.Message.CorrespondentId))
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(index => $"{index}"), byCorrespondent.Select(message => message.Message.Content));
        }
    }

    [Fact]
    public async Task A_failing_feature_call_is_dead_lettered_and_the_other_messages_flow()
    {
        _feature.FailOnText = "poison";
        await LinkAsync("ann");

        await SendAsync("ann", "alice", "one");
        await SendAsync("ann", "alice", "poison");
        await SendAsync("ann", "alice", "three");
        await _feature.WaitForAsync("ann", 2);

        Assert.Equal(["one", "three"], _feature.SeenBy("ann").Select(message => message.Message.Content));
        var deadLetters = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/ann/dead-letters", Ct);
        var deadLetter = deadLetters!["dead_letters"]!.AsArray().Single()!;
        Assert.Equal("feature:recording", (string)deadLetter["stage"]!);
        Assert.Equal("alice", (string)deadLetter["correspondent_id"]!);
        Assert.Contains("told to fail", (string)deadLetter["error"]!);
        Assert.Equal(3, (await ArchiveAsync("ann"))["alice"]!.AsArray().Count);
    }

    [Fact]
    public async Task One_users_stuck_feature_does_not_delay_another_user()
    {
        _feature.HangForUser = "stuck";
        await LinkAsync("stuck");
        await LinkAsync("free");

        // More than the stuck user's lanes can hold: its pipeline stops taking messages...
        var stuckSends = Enumerable.Range(0, 5).Select(index => SendAsync("stuck", "alice", $"s{index}")).ToList();
        foreach (var index in Enumerable.Range(0, 20))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await SendAsync("free", $"friend{index % 4}", $"f{index}")).StatusCode);
        }

        // ...while the other user's messages all go through.
        await _feature.WaitForAsync("free", 20);
        Assert.Empty(_feature.SeenBy("stuck"));
        await Task.WhenAll(stuckSends);
    }

    [Fact]
    public async Task Group_messages_are_refused_when_the_bot_does_not_allow_them_and_archived_under_the_group_when_it_does()
    {
        await LinkAsync("ann");
        var refused = await SendAsync("ann", "alice", "hi all", group: new { id = "family@g.us", name = "Family" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        await LinkAsync("bea", ConfigurationDocuments.Valid("bea").With("configurations.chat_provider_config.provider_config.allow_group_messages", true));
        var accepted = await SendAsync("bea", "alice", "hi all", group: new { id = "family@g.us", name = "Family" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var row = (await ArchiveAsync("bea"))["family@g.us"]!.AsArray().Single()!;
        Assert.Equal("alice", (string)row["sender"]!["identifier"]!);
        Assert.Equal("Family", (string)row["group"]!["display_name"]!);
    }

    [Fact]
    public async Task Sandbox_sends_appear_in_the_outbound_list_in_order()
    {
        await LinkAsync("ann");
        var provider = _app.Service<ChatSessions>().Get("ann")!.Provider;

        await provider.SendTextAsync("alice", "first", Ct);
        await provider.SendDocumentAsync("alice", [1, 2, 3], "digest.ics", "text/calendar", "Your digest", Ct);

        var page = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/ann/sandbox/outbound", Ct);
        var messages = page!["messages"]!.AsArray();
        Assert.Equal(["text", "document"], messages.Select(message => (string)message!["type"]!));
        Assert.Equal("first", (string)messages[0]!["text"]!);
        Assert.Equal("AQID", (string)messages[1]!["content_base64"]!);
        var after = await _admin.GetFromJsonAsync<JsonObject>($"/api/external/users/ann/sandbox/outbound?after={(long)messages[0]!["seq"]!}", Ct);
        Assert.Single(after!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_correspondents_archive_restarts_its_ids_at_one()
    {
        await LinkAsync("ann");
        await SendAsync("ann", "alice", "one");
        await SendAsync("ann", "alice", "two");
        await SendAsync("ann", "bob", "hi");

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync("/api/external/features/automatic_bot_reply/queue/ann/alice", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync("/api/external/features/automatic_bot_reply/queue/ann/alice", Ct)).StatusCode);
        await SendAsync("ann", "alice", "again");

        var archive = await ArchiveAsync("ann");
        Assert.Equal(1, (int)archive["alice"]!.AsArray().Single()!["id"]!);
        Assert.Single(archive["bob"]!.AsArray());
    }
}
