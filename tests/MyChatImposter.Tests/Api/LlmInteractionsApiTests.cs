using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Llm;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Api;

// GET /api/external/users/{user_id}/llm-interactions: the owner's and the admins', newest first, paged.
public sealed class LlmInteractionsApiTests : IAsyncLifetime
{
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync("ann");
        await _app.SaveBotAsync(BotPages.Bob);
        for (var i = 1; i <= 3; i++)
        {
            await _app.RecordInteractionAsync("ann", $"answer {i}");
        }
        await _app.RecordInteractionAsync(BotPages.Bob, "bob's answer");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> GetAsync(HttpClient client, string userId, string query = "") =>
        client.GetAsync($"/api/external/users/{userId}/llm-interactions{query}", Ct);

    [Fact]
    public async Task The_page_lists_the_bots_interactions_newest_first_with_every_field()
    {
        var page = (await (await GetAsync(_admin, "ann")).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal("ann", (string?)page["user_id"]);
        Assert.False((bool)page["recording"]!);
        Assert.Equal(30, (int)page["retention_days"]!);
        Assert.Equal(3, (long)page["total"]!);
        Assert.Null(page["next_before"]);
        var interactions = page["interactions"]!.AsArray();
        Assert.Equal(["answer 3", "answer 2", "answer 1"], interactions.Select(i => (string?)i!["answer"]));
        var newest = interactions[0]!;
        Assert.Equal(1500, (long)newest["duration_ms"]!);
        Assert.Equal("gpt-4o-mini", (string?)newest["model"]);
        Assert.Equal("user", (string?)newest["prompt"]![1]!["role"]);
        Assert.Equal("Dan: are you free?", (string?)newest["prompt"]![1]!["text"]);
        Assert.Null(newest["error"]);
    }

    [Fact]
    public async Task Pages_follow_next_before_to_the_end()
    {
        var first = (await (await GetAsync(_admin, "ann", "?limit=2")).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var next = (string?)first["next_before"];
        var second = (await (await GetAsync(_admin, "ann", $"?limit=2&before={next}")).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal(["answer 3", "answer 2"], first["interactions"]!.AsArray().Select(i => (string?)i!["answer"]));
        Assert.Equal(["answer 1"], second["interactions"]!.AsArray().Select(i => (string?)i!["answer"]));
        Assert.Null(second["next_before"]);
    }

    [Fact]
    public async Task The_owner_sees_their_own_and_not_anyone_elses()
    {
        var bob = await _app.BobClientAsync();

        var own = (await (await GetAsync(bob, BotPages.Bob)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(["bob's answer"], own["interactions"]!.AsArray().Select(i => (string?)i!["answer"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(bob, "ann")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(_app.CreateClient("10.0.0.9"), "ann")).StatusCode);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?before=not-an-id", "before")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await GetAsync(_admin, "ann", query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task An_unknown_bot_is_a_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(_admin, "nobody")).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_bot_erases_its_interactions_and_no_one_elses()
    {
        var deleted = (await (await _admin.DeleteAsync("/api/external/users/ann", Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal("3", (string?)deleted["erased"]!["llm_interactions"]);
        Assert.Equal(0, await _app.Service<ILlmInteractionStore>().CountAsync("ann", Ct));
        Assert.Equal(1, await _app.Service<ILlmInteractionStore>().CountAsync(BotPages.Bob, Ct));
    }
}
