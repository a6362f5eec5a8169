using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using MyChatImposter.Audit;
using MyChatImposter.Configuration;
using MyChatImposter.Pages.Bots;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Pages.Bots;

// Export and import on /bots/{user_id}/edit: the document as a file, key masked, and a file saved back with
// the editor's rules, so that an exported configuration imports back to the very same stored bytes.
public sealed class EditorFileTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string EditPage = "/bots/ann/edit";
    private const string Key = "sk-exported-secret-abcdef-9911";
    private const string FileField = "Import.File";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
        // Saved through the editor, as a person would: the key is stored encrypted, the whitelist and the fake
        // provider's extra settings are kept.
        var form = await HtmlForm.GetAsync(_admin, EditPage, "edit-configuration");
        var document = ConfigurationDocuments.Valid(Ann)
            .With("configurations.llm_provider_config.provider_config.api_key_source", "explicit")
            .With("configurations.llm_provider_config.provider_config.api_key", Key)
            .With("configurations.user_details.first_name", "Ann ✓")
            .With("features.automatic_bot_reply.respond_to_whitelist", new JsonArray("Dana", "+972 50-123-4567"));
        await (await form.PostAsync(_admin, ("Input.Document", document.ToJsonString()))).FollowRedirectAsync(_admin, "/");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<string> StoredDocumentAsync()
    {
        await using var connection = new SqliteConnection(_app.Service<SqliteDatabase>().ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM bot_configurations WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", Ann);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<byte[]> ExportAsync()
    {
        var response = await _admin.GetAsync($"{EditPage}?handler=Export", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    // Posts the page's import form with a file, as a browser does (multipart, with the form's antiforgery token).
    private async Task<HttpResponseMessage> ImportAsync(byte[] file, string fileName = "ann-configuration.json", bool reload = false)
    {
        var html = await HtmlPage.GetAsync(_admin, EditPage);
        var form = HtmlForm.Find(html, "import-configuration", EditPage);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.Fields[HtmlForm.AntiforgeryField]), HtmlForm.AntiforgeryField },
            { new StringContent(reload ? "true" : "false"), "Import.Reload" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(part, FileField, fileName);
        return await _admin.PostAsync(form.Action, content, Ct);
    }

    [Fact]
    public async Task Export_downloads_the_document_as_a_json_file_with_the_key_masked()
    {
        var response = await _admin.GetAsync($"{EditPage}?handler=Export", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("ann-configuration.json", response.Content.Headers.ContentDisposition.FileNameStar);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Key, text);
        Assert.DoesNotContain(StoredApiKey.ProtectedPrefix, text);
        var exported = ConfigurationDocuments.Parse(text);
        Assert.Equal("****9911", (string)exported["configurations"]!["llm_provider_config"]!["provider_config"]!["api_key"]!);
        // The same text the editor shows.
        var editor = await HtmlForm.GetAsync(_admin, EditPage, "edit-configuration");
        Assert.Equal(editor.Fields["Input.Document"] + "\n", text);
        var page = await HtmlPage.GetAsync(_admin, EditPage);
        Assert.Contains("is in it only masked", page);
    }

    [Fact]
    public async Task An_exported_configuration_imported_back_leaves_the_stored_document_byte_for_byte_unchanged()
    {
        var before = await StoredDocumentAsync();
        Assert.Contains(StoredApiKey.ProtectedPrefix, before);

        var response = await ImportAsync(await ExportAsync());

        var page = await response.FollowRedirectAsync(_admin, "/");
        Assert.Equal("Configuration of ann imported from ann-configuration.json.", HtmlPage.Message(page));
        Assert.Equal(before, await StoredDocumentAsync());
        Assert.Equal(2, (await _app.AuditedAsync(Ann)).Count(type => type == AuditEvents.ConfigurationSaved));
    }

    [Fact]
    public async Task An_imported_file_replaces_the_configuration()
    {
        var exported = ConfigurationDocuments.Parse(Encoding.UTF8.GetString(await ExportAsync()))
            .With("configurations.queue_config.max_messages", 42);

        await (await ImportAsync(Encoding.UTF8.GetBytes(exported.ToJsonString()))).FollowRedirectAsync(_admin, "/");

        var stored = (await _app.StoredBotAsync(Ann))!;
        Assert.Equal(42, stored.Configurations.QueueConfig.MaxMessages);
        Assert.Equal(Key, _app.Service<MyChatImposter.Llm.ApiKeyProtector>().Reveal(Ann, stored.Configurations.LlmProviderConfig.ProviderConfig.ApiKey));
    }

    [Theory]
    [InlineData("{ \"user_id\": ", "$: is not valid JSON")]
    [InlineData("", "Choose a configuration file (.json) to import.")]
    public async Task A_file_that_is_no_configuration_is_refused_beside_the_file_field_and_nothing_is_saved(string file, string expected)
    {
        var before = await StoredDocumentAsync();

        var response = await ImportAsync(Encoding.UTF8.GetBytes(file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.StartsWith(expected, Assert.Single(HtmlPage.FieldErrors(html, FileField)));
        Assert.Equal(before, await StoredDocumentAsync());
        // The editor still holds the stored document.
        Assert.Contains("\"api_key\": \"****9911\"", HtmlForm.Find(html, "edit-configuration", EditPage).Fields["Input.Document"]);
    }

    [Fact]
    public async Task An_invalid_document_lists_every_error_with_its_path_beside_the_file_field()
    {
        var before = await StoredDocumentAsync();
        var invalid = ConfigurationDocuments.Parse(Encoding.UTF8.GetString(await ExportAsync()))
            .With("configurations.queue_config.max_messages", "five")
            .With("configurations.user_details.timezone", "Mars/Olympus_Mons");

        var html = await (await ImportAsync(Encoding.UTF8.GetBytes(invalid.ToJsonString()))).ReadAsync();

        var errors = HtmlPage.FieldErrors(html, FileField);
        Assert.Contains(errors, error => error.StartsWith("configurations.queue_config.max_messages: ", StringComparison.Ordinal));
        Assert.Equal(before, await StoredDocumentAsync());
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_text_are_refused()
    {
        var html = await (await ImportAsync([0x7B, 0xFF, 0xFE, 0x7D])).ReadAsync();

        Assert.StartsWith("The file is not UTF-8 text", Assert.Single(HtmlPage.FieldErrors(html, FileField)));
    }

    [Fact]
    public async Task A_file_naming_another_bot_is_refused_and_creates_nothing()
    {
        var before = await StoredDocumentAsync();

        var html = await (await ImportAsync(Encoding.UTF8.GetBytes(ConfigurationDocuments.Valid("bob").ToJsonString()))).ReadAsync();

        Assert.Equal(["The document's user_id 'bob' differs from 'ann', the bot being saved."], HtmlPage.FieldErrors(html, FileField));
        Assert.Equal(before, await StoredDocumentAsync());
        Assert.Null(await _app.StoredBotAsync("bob"));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_unread()
    {
        var before = await StoredDocumentAsync();
        var exported = Encoding.UTF8.GetString(await ExportAsync());
        // Valid JSON, only too long: spaces after the document.
        var large = Encoding.UTF8.GetBytes(exported + new string(' ', ConfigurationFile.MaxBytes - exported.Length + 1));

        var html = await (await ImportAsync(large)).ReadAsync();

        Assert.Equal(["The file is 65 KB; a configuration file may be at most 64 KB."], HtmlPage.FieldErrors(html, FileField));
        Assert.Equal(before, await StoredDocumentAsync());
    }

    [Fact]
    public async Task Exporting_a_missing_bot_is_the_bot_not_found_page()
    {
        await (await _admin.GetAsync("/bots/ghost/edit?handler=Export", Ct)).AssertBotNotFoundAsync("ghost");
    }
}
