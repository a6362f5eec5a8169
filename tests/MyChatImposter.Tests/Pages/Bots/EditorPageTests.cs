using System.Net;
using System.Text.Json.Nodes;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.ChatProviders;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/edit: the configuration document as JSON text, saved with the API's rules.
public sealed class EditorPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Document = "Input.Document";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HtmlForm> EditFormAsync(HttpClient? client = null) =>
        HtmlForm.GetAsync(client ?? _admin, $"/bots/{Ann}/edit", "edit-configuration");

    private static JsonObject DocumentOf(HtmlForm form) => JsonNode.Parse(form.Fields[Document])!.AsObject();

    [Fact]
    public async Task The_editor_holds_the_stored_document_pretty_printed()
    {
        var form = await EditFormAsync();

        Assert.Contains("\n  \"user_id\": \"ann\",\n", form.Fields[Document]);
        Assert.Equal(5, (int)DocumentOf(form)["configurations"]!["queue_config"]!["max_messages"]!);
    }

    [Fact]
    public async Task Saving_a_valid_document_stores_it_and_returns_to_the_dashboard()
    {
        var form = await EditFormAsync();
        var changed = DocumentOf(form).With("configurations.user_details.first_name", "Annie");

        var page = await (await form.PostAsync(_admin, (Document, changed.ToJsonString()))).FollowRedirectAsync(_admin, "/");

        Assert.Equal("Configuration of ann saved.", HtmlPage.Message(page));
        Assert.Equal("Annie", (await _app.StoredBotAsync(Ann))!.Configurations.UserDetails.FirstName);
        Assert.Contains(AuditEvents.ConfigurationSaved, await _app.AuditedAsync(Ann));
        Assert.DoesNotContain("id=\"save-and-reload\"", await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/edit"));
    }

    [Fact]
    public async Task Save_and_reload_restarts_a_live_session_with_the_new_document()
    {
        var before = await _app.LinkBotAsync(Ann);
        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/edit");
        Assert.Contains("id=\"save-and-reload\"", html);
        var form = HtmlForm.Find(html, "edit-configuration", $"/bots/{Ann}/edit");
        var changed = DocumentOf(form).With("configurations.queue_config.max_messages", 7);

        var page = await (await form.PostAsync(_admin, (Document, changed.ToJsonString()), ("Input.Reload", "true")))
            .FollowRedirectAsync(_admin, "/");

        Assert.Equal("Configuration of ann saved. Its session was reloaded with it.", HtmlPage.Message(page));
        var after = _app.Service<ChatSessions>().Get(Ann);
        Assert.NotSame(before, after);
        Assert.Equal(7, after!.Configuration.Configurations.QueueConfig.MaxMessages);
    }

    [Fact]
    public async Task An_invalid_document_lists_every_error_with_its_path_and_stores_nothing()
    {
        var form = await EditFormAsync();
        var invalid = DocumentOf(form)
            .With("configurations.queue_config.max_messages", "five")
            .With("configurations.user_details.timezone", null);

        var response = await form.PostAsync(_admin, (Document, invalid.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        var errors = HtmlPage.FieldErrors(html, Document);
        Assert.Contains(errors, error => error.StartsWith("configurations.queue_config.max_messages: ", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("configurations.user_details.timezone: ", StringComparison.Ordinal));
        Assert.Contains("five", HtmlForm.Find(html, "edit-configuration", $"/bots/{Ann}/edit").Fields[Document]);
        Assert.Equal(5, (await _app.StoredBotAsync(Ann))!.Configurations.QueueConfig.MaxMessages);
        Assert.DoesNotContain(AuditEvents.ConfigurationSaved, await _app.AuditedAsync(Ann));
    }

    [Fact]
    public async Task Text_that_is_not_json_is_an_error_of_the_whole_document()
    {
        var form = await EditFormAsync();

        var html = await (await form.PostAsync(_admin, (Document, "{ \"user_id\": "))).ReadAsync();

        Assert.StartsWith("$: is not valid JSON", Assert.Single(HtmlPage.FieldErrors(html, Document)));
    }

    [Fact]
    public async Task A_document_naming_another_user_is_refused_beside_the_user_id()
    {
        var form = await EditFormAsync();

        var html = await (await form.PostAsync(_admin, (Document, ConfigurationDocuments.Valid("bob").ToJsonString()))).ReadAsync();

        Assert.Equal(["The document's user_id 'bob' differs from 'ann', the bot being saved."], HtmlPage.FieldErrors(html, "UserId"));
        Assert.Null(await _app.StoredBotAsync("bob"));
    }

    [Fact]
    public async Task Editing_a_missing_bot_is_the_bot_not_found_page()
    {
        var response = await _admin.GetAsync("/bots/ghost/edit", TestContext.Current.CancellationToken);

        await response.AssertBotNotFoundAsync("ghost");
    }
}
