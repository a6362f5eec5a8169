using System.Text.Json.Nodes;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Pages.Bots;

// The JSON editor shows an explicit key masked; saving the mask keeps the key, a typed key replaces it.
public sealed class EditorApiKeyTests : IAsyncLifetime
{
    private const string Key = "sk-editor-secret-abcdef-7788";
    private const string KeyPath = "configurations.llm_provider_config.provider_config.api_key";
    private const string Document = "Input.Document";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        var form = await HtmlForm.GetAsync(_admin, "/bots/new", "new-bot-form");
        await (await form.PostAsync(_admin, ("Input.UserId", "ann"), ("Input.LlmProvider", "openai"),
            ("Input.KeySource", "explicit"), ("Input.ApiKey", Key))).FollowRedirectAsync(_admin, "/bots/ann/ready");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<string?> RevealedAsync() => _app.Service<ApiKeyProtector>().Reveal("ann",
        (await _app.StoredBotAsync("ann"))!.Configurations.LlmProviderConfig.ProviderConfig.ApiKey);

    [Fact]
    public async Task A_key_saved_from_the_new_bot_page_is_stored_encrypted()
    {
        var stored = (await _app.StoredBotAsync("ann"))!.Configurations.LlmProviderConfig.ProviderConfig.ApiKey;

        Assert.True(StoredApiKey.IsProtected(stored));
        Assert.Equal(Key, await RevealedAsync());
    }

    [Fact]
    public async Task The_editor_shows_the_mask_and_saving_it_unchanged_keeps_the_key()
    {
        var html = await HtmlPage.GetAsync(_admin, "/bots/ann/edit");
        Assert.DoesNotContain(Key, html);
        var form = HtmlForm.Find(html, "edit-configuration", "/bots/ann/edit");
        Assert.Contains("\"api_key\": \"****7788\"", form.Fields[Document]);

        var changed = JsonNode.Parse(form.Fields[Document])!.AsObject().With("configurations.user_details.first_name", "Annie");
        await (await form.PostAsync(_admin, (Document, changed.ToJsonString()))).FollowRedirectAsync(_admin, "/");

        Assert.Equal(Key, await RevealedAsync());
        Assert.Equal("Annie", (await _app.StoredBotAsync("ann"))!.Configurations.UserDetails.FirstName);
    }

    [Fact]
    public async Task A_wrong_mask_is_listed_with_the_key_path_and_nothing_is_saved()
    {
        var form = await HtmlForm.GetAsync(_admin, "/bots/ann/edit", "edit-configuration");
        var changed = JsonNode.Parse(form.Fields[Document])!.AsObject().With(KeyPath, "****0000");

        var html = await (await form.PostAsync(_admin, (Document, changed.ToJsonString()))).ReadAsync();

        var error = Assert.Single(HtmlPage.FieldErrors(html, Document));
        Assert.StartsWith(KeyPath + ": is a masked key that does not match", error);
        Assert.Equal(Key, await RevealedAsync());
    }
}
