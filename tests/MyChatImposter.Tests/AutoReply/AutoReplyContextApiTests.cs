using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.AutoReply;
using MyChatImposter.Tests.Accounts;

namespace MyChatImposter.Tests.AutoReply;

// GET and DELETE /api/external/features/automatic_bot_reply/context/{user_id} (spec/08 §3).
public sealed class AutoReplyContextApiTests : IAsyncLifetime
{
    private const string Path = "/api/external/features/automatic_bot_reply/context";
    private readonly TestLlm _llm = new();
    private readonly RecordingDeliveryQueue _delivery = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public AutoReplyContextApiTests()
    {
        _llm.Client.AutoAnswer = messages => $"re: {messages[^1].Text}";
        _app = AutoReplyBots.App(_llm, _delivery, new Dictionary<string, string> { ["AutoReply:QuietPeriod"] = "00:00:00" });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<JsonObject> ContextAsync(string userId, HttpClient? client = null) =>
        (await (client ?? _admin).GetFromJsonAsync<JsonObject>($"{Path}/{userId}", Ct))!;

    private static IEnumerable<string> Entries(JsonObject context, string key) => context[key]!.AsArray().Select(entry => (string)entry!);

    // A conversation with Dana and one with the Family group, each answered once.
    private async Task TalkAsync(string userId)
    {
        await _admin.WriteAsync(userId, AutoReplyBots.Dana, "dinner at 8?");
        await _admin.WriteAsync(userId, "972508888888@s.whatsapp.net", "who brings cake?", displayName: "Mum",
            group: new { id = "120363041234567890@g.us", name = "Family" });
        await _admin.UnlinkAsync(userId);
    }

    [Fact]
    public async Task Per_correspondent_the_context_is_a_list_of_entries_per_correspondent()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann", sharedContext: false));
        await TalkAsync("ann");

        var context = await ContextAsync("ann");

        Assert.Equal(["120363041234567890@g.us", AutoReplyBots.Dana], context.Select(pair => pair.Key));
        Assert.Equal(["Dana: dinner at 8?", "Bot: re: Dana: dinner at 8?"], Entries(context, AutoReplyBots.Dana));
        Assert.Equal(["Mum: who brings cake?", "Bot: re: Mum: who brings cake?"], Entries(context, "120363041234567890@g.us"));
    }

    [Fact]
    public async Task Shared_the_context_is_one_list_under_SHARED_CONTEXT()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann", sharedContext: true));
        await TalkAsync("ann");

        var context = await ContextAsync("ann");

        Assert.Equal([ConversationContext.SharedKey], context.Select(pair => pair.Key));
        Assert.Equal(4, Entries(context, ConversationContext.SharedKey).Count());
    }

    [Fact]
    public async Task Delete_clears_a_running_bots_memory_and_the_next_reply_starts_afresh()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "my code is 4321");
        await _delivery.NextAsync();
        // A reload waits for the turn, including remembering it.
        Assert.Equal(HttpStatusCode.OK, (await _admin.ReloadAsync("ann")).StatusCode);
        Assert.NotEmpty(await ContextAsync("ann"));

        var deleted = await _admin.DeleteAsync($"{Path}/ann", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await ContextAsync("ann"));
        await _admin.WriteAsync("ann", AutoReplyBots.Dana, "what was my code?");
        await _delivery.NextAsync();
        Assert.Equal(["You are ann. Answer briefly.", "Dana: what was my code?"], _llm.Client.Calls.Last().Texts);
        // Clearing what is empty is no error.
        await _admin.UnlinkAsync("ann");
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Empty(await ContextAsync("ann"));
    }

    [Fact]
    public async Task The_stored_context_is_answered_when_the_bot_is_not_running_or_auto_reply_is_off()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));
        await TalkAsync("ann");
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync("/api/external/users/ann",
            AutoReplyBots.Configuration("ann").With("features.automatic_bot_reply.enabled", false), Ct)).StatusCode);

        Assert.Equal(2, (await ContextAsync("ann")).Count);
        // A bot that never answered anyone remembers nothing.
        await _admin.PutAsJsonAsync("/api/external/users/bea", ConfigurationDocuments.Valid("bea"), Ct);
        Assert.Empty(await ContextAsync("bea"));
    }

    [Fact]
    public async Task Unknown_bots_and_invalid_ids_are_clear_errors()
    {
        var unknown = await _admin.GetAsync($"{Path}/ghost", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No configuration exists for 'ghost'.", (await unknown.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"{Path}/ghost", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync($"{Path}/not%20valid", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_may_read_or_clear_a_bots_memory()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));
        await TalkAsync("ann");
        await _admin.PutAsJsonAsync("/api/external/users/bob", ConfigurationDocuments.Valid("bob"), Ct);
        await _app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        var bob = await _app.SignedInClientAsync("bob", "Bob-Passw0rd!!", "10.0.0.2");

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"{Path}/bob", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient("10.0.0.3").GetAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Equal(2, (await ContextAsync("ann")).Count);
    }

    [Fact]
    public async Task Deleting_the_bot_erases_its_memory()
    {
        await _admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));
        await TalkAsync("ann");

        var deleted = await _admin.DeleteAsync("/api/external/users/ann", Ct);

        Assert.Equal("2", (string)(await deleted.Content.ReadFromJsonAsync<JsonObject>(Ct))!["erased"]!["auto_reply_context"]!);
        Assert.Empty(await _app.Service<IConversationContextStore>().GetAllAsync("ann", Ct));
    }
}
