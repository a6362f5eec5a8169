using System.Net;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/ai: the AI section of the configuration as a form, the key write-only and masked.
public sealed class AiSettingsPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Url = "/bots/ann/ai";
    private const string FormId = "ai-settings";
    private const string Key = "sk-page-secret-0a1b2c3d4e5f-K9Z1";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann, ConfigurationDocuments.Valid(Ann)
            .With("features.automatic_bot_reply.chat_system_prompt", "You are {user_id}. Keep {braces} and {{these}}."));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HtmlForm> FormAsync(HttpClient? client = null) => HtmlForm.GetAsync(client ?? _admin, Url, FormId);

    private async Task<LlmProviderSettings> StoredSettingsAsync() =>
        (await _app.StoredBotAsync(Ann))!.Configurations.LlmProviderConfig.ProviderConfig;

    private async Task<string?> StoredKeyAsync() =>
        _app.Service<ApiKeyProtector>().Reveal(Ann, (await StoredSettingsAsync()).ApiKey);

    [Fact]
    public async Task The_form_holds_the_stored_ai_settings_and_the_final_system_prompt()
    {
        var html = await HtmlPage.GetAsync(_admin, Url);
        var form = HtmlForm.Find(html, FormId, Url);

        Assert.Equal("fakeLlm", form.Fields["Input.Provider"]);
        Assert.Equal("fake", form.Fields["Input.Model"]);
        Assert.Equal("0.7", form.Fields["Input.Temperature"]);
        Assert.Equal("", form.Fields["Input.BaseUrl"]);
        Assert.Equal("environment", form.Fields["Input.KeySource"]);
        Assert.Equal("You are {user_id}. Keep {braces} and {{these}}.", form.Fields["Input.Persona"]);
        Assert.Contains("<pre class=\"message-text prompt-preview\" id=\"preview\">You are ann. Keep {braces} and {{these}}.</pre>", html);
        Assert.Contains("No key is stored for this bot.", html);
    }

    [Fact]
    public async Task Saving_changes_only_the_ai_settings_and_returns_to_the_bot()
    {
        var form = await FormAsync();

        var page = await (await form.PostAsync(_admin,
                ("Input.Provider", "openAi"), ("Input.Model", "gpt-5-mini"), ("Input.Temperature", "0.2"),
                ("Input.BaseUrl", "http://localhost:11434/v1"), ("Input.KeySource", "explicit"), ("Input.ApiKey", Key),
                ("Input.Persona", "Be {user_id}, briefly."), ("Input.RecordInteractions", "true")))
            .FollowRedirectAsync(_admin, "/bots/ann");

        Assert.Equal("AI settings of ann saved.", HtmlPage.Message(page));
        var stored = (await _app.StoredBotAsync(Ann))!;
        var llm = stored.Configurations.LlmProviderConfig;
        Assert.Equal(("openAi", "gpt-5-mini", 0.2, "http://localhost:11434/v1", true),
            (llm.ProviderName, llm.ProviderConfig.Model, llm.ProviderConfig.Temperature, llm.ProviderConfig.BaseUrl, llm.ProviderConfig.RecordLlmInteractions));
        Assert.Equal("Be {user_id}, briefly.", stored.Features.AutomaticBotReply.ChatSystemPrompt);
        // The rest of the document is as it was.
        Assert.Equal(5, stored.Configurations.QueueConfig.MaxMessages);
        Assert.Equal(["+1 555 0100"], stored.Features.AutomaticBotReply.RespondToWhitelist);
        Assert.True(llm.ProviderConfig.Extra!.ContainsKey("response_array"));
        Assert.Contains(AuditEvents.ConfigurationSaved, await _app.AuditedAsync(Ann));
    }

    [Fact]
    public async Task The_reply_mode_the_pause_and_the_draft_expiry_are_shown_and_saved()
    {
        var form = await FormAsync();
        Assert.Equal(("Auto", "30", "60"),
            (form.Fields["Input.ReplyMode"], form.Fields["Input.TakeoverPauseMinutes"], form.Fields["Input.DraftExpiryMinutes"]));

        await (await form.PostAsync(_admin, ("Input.ReplyMode", "Approve"), ("Input.TakeoverPauseMinutes", "0"), ("Input.DraftExpiryMinutes", "15")))
            .FollowRedirectAsync(_admin, "/bots/ann");

        var reply = (await _app.StoredBotAsync(Ann))!.Features.AutomaticBotReply;
        Assert.Equal((ReplyMode.Approve, 0, 15), (reply.ReplyMode, reply.TakeoverPauseMinutes, reply.DraftExpiryMinutes));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("sometimes")]
    public async Task A_reply_mode_the_form_never_offers_is_refused_and_nothing_is_saved(string mode)
    {
        var before = ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!);

        var response = await (await FormAsync()).PostAsync(_admin, ("Input.ReplyMode", mode));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!));
    }

    [Fact]
    public async Task A_typed_key_is_stored_encrypted_shown_masked_and_kept_when_the_field_is_left_blank()
    {
        var form = await FormAsync();
        await (await form.PostAsync(_admin, ("Input.KeySource", "explicit"), ("Input.ApiKey", Key))).FollowRedirectAsync(_admin, "/bots/ann");
        Assert.True(StoredApiKey.IsProtected((await StoredSettingsAsync()).ApiKey));
        Assert.Equal(Key, await StoredKeyAsync());

        var html = await HtmlPage.GetAsync(_admin, Url);
        Assert.DoesNotContain(Key, html);
        Assert.Contains("Stored key: <code>****K9Z1</code>", html);
        Assert.Equal("", HtmlForm.Find(html, FormId, Url).Fields["Input.ApiKey"]);

        await (await HtmlForm.Find(html, FormId, Url).PostAsync(_admin, ("Input.Model", "gpt-4o"))).FollowRedirectAsync(_admin, "/bots/ann");
        Assert.Equal(Key, await StoredKeyAsync());
        Assert.Equal("gpt-4o", (await StoredSettingsAsync()).Model);
    }

    [Fact]
    public async Task A_new_key_replaces_the_stored_one_and_forgetting_removes_it()
    {
        await (await (await FormAsync()).PostAsync(_admin, ("Input.KeySource", "explicit"), ("Input.ApiKey", Key))).FollowRedirectAsync(_admin, "/bots/ann");

        await (await (await FormAsync()).PostAsync(_admin, ("Input.ApiKey", "sk-second-key-000000-ABCD"))).FollowRedirectAsync(_admin, "/bots/ann");
        Assert.Equal("sk-second-key-000000-ABCD", await StoredKeyAsync());

        await (await (await FormAsync()).PostAsync(_admin, ("Input.KeySource", "environment"), ("Input.ForgetKey", "true"))).FollowRedirectAsync(_admin, "/bots/ann");
        Assert.Null((await StoredSettingsAsync()).ApiKey);
    }

    [Theory]
    [InlineData("Input.Model", "", "Input.Model", "must not be empty")]
    [InlineData("Input.Temperature", "3", "Input.Temperature", "between 0 and 2")]
    [InlineData("Input.Temperature", "warm", "Input.Temperature", "Enter a number from 0 to 2")]
    [InlineData("Input.Temperature", "", "Input.Temperature", "Enter a temperature")]
    [InlineData("Input.BaseUrl", "ftp://example.com/v1", "Input.BaseUrl", "absolute http or https URL")]
    [InlineData("Input.BaseUrl", "https://gateway.example.com/v1", "Input.BaseUrl", "cannot be used with api_key_source environment")]
    [InlineData("Input.Provider", "anthropic", "Input.Provider", "not a known LLM provider")]
    [InlineData("Input.KeySource", "vault", "Input.KeySource", "Choose where the API key comes from")]
    [InlineData("Input.Persona", null, "Input.Persona", "at most 20000 characters")]
    [InlineData("Input.TakeoverPauseMinutes", "-1", "Input.TakeoverPauseMinutes", "between 0 and 10080")]
    [InlineData("Input.TakeoverPauseMinutes", "", "Input.TakeoverPauseMinutes", "until you hand back")]
    [InlineData("Input.DraftExpiryMinutes", "0", "Input.DraftExpiryMinutes", "between 1 and 10080")]
    public async Task An_invalid_value_is_reported_beside_its_field_and_nothing_is_saved(string field, string? value, string errorField, string expected)
    {
        var before = ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!);
        var form = await FormAsync();

        var response = await form.PostAsync(_admin, (field, value ?? new string('p', 20_001)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains(expected, string.Join(" ", HtmlPage.FieldErrors(html, errorField)));
        Assert.Equal(before, ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!));
    }

    [Fact]
    public async Task An_explicit_source_without_a_key_is_reported_beside_the_key_and_a_typed_key_is_never_echoed()
    {
        var form = await FormAsync();

        var missing = await (await form.PostAsync(_admin, ("Input.KeySource", "explicit"))).ReadAsync();
        Assert.Contains("is required when api_key_source is explicit", string.Join(" ", HtmlPage.FieldErrors(missing, "Input.ApiKey")));

        // Another field fails while a key is typed: the page comes back without the key in it.
        var other = await (await form.PostAsync(_admin, ("Input.KeySource", "explicit"), ("Input.ApiKey", Key), ("Input.Model", "")))
            .ReadAsync();
        Assert.NotEmpty(HtmlPage.FieldErrors(other, "Input.Model"));
        Assert.DoesNotContain(Key, other);
        Assert.Null((await StoredSettingsAsync()).ApiKey);
    }

    [Fact]
    public async Task Preview_shows_the_final_system_prompt_of_the_typed_persona_without_saving()
    {
        var page = await HtmlPage.GetAsync(_admin, Url);
        Assert.Contains("formaction=\"/bots/ann/ai?handler=Preview\"", page);
        var form = HtmlForm.Find(page, FormId, Url);

        var html = await (await _admin.PostAsync(Url + "?handler=Preview", new FormUrlEncodedContent(new Dictionary<string, string>(form.Fields)
        {
            ["Input.Persona"] = "Hi, I am {user_id} <b>{name}</b> {user_id}",
        }), TestContext.Current.CancellationToken)).ReadAsync();

        Assert.Contains("id=\"preview\">Hi, I am ann &lt;b&gt;{name}&lt;/b&gt; ann</pre>", html);
        Assert.Equal("You are {user_id}. Keep {braces} and {{these}}.", (await _app.StoredBotAsync(Ann))!.Features.AutomaticBotReply.ChatSystemPrompt);
    }

    [Fact]
    public async Task A_provider_alias_is_kept_while_the_provider_stays_the_same()
    {
        await _app.SaveBotAsync(Ann, ConfigurationDocuments.Valid(Ann).With("configurations.llm_provider_config.provider_name", "FAKE"));
        var form = await FormAsync();
        Assert.Equal("fakeLlm", form.Fields["Input.Provider"]);

        await (await form.PostAsync(_admin, ("Input.Model", "fake-2"))).FollowRedirectAsync(_admin, "/bots/ann");
        Assert.Equal("FAKE", (await _app.StoredBotAsync(Ann))!.Configurations.LlmProviderConfig.ProviderName);
    }

    [Fact]
    public async Task The_settings_sections_link_here_and_another_user_is_denied()
    {
        Assert.Contains("href=\"/bots/ann/settings/general\"", await HtmlPage.GetAsync(_admin, "/bots/ann"));
        Assert.Contains("href=\"/bots/ann/ai\"", await HtmlPage.GetAsync(_admin, "/bots/ann/settings/general"));

        var bob = await _app.BobClientAsync();
        BotPages.AssertAccessDenied(await bob.GetAsync(Url, TestContext.Current.CancellationToken));
    }
}
