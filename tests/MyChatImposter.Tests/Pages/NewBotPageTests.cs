using System.Net;
using System.Text.Json.Nodes;
using MyChatImposter.Audit;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Delivery;
using MyChatImposter.Llm;
using MyChatImposter.Pages;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Pages;

// /bots/new and the page after it (/bots/{user_id}/ready): a bot from a few answers on top of the defaults
// template, saved with the API's rules, then tried in the sandbox or linked to WhatsApp.
public sealed class NewBotPageTests : IAsyncLifetime
{
    private const string NewBot = "/bots/new";
    private const string Form = "new-bot-form";
    private const string Ann = "ann";
    private const string Key = "sk-new-bot-secret-abcdef-4321";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static (string, string?)[] Answers(string userId, params (string Name, string? Value)[] changes) =>
    [
        ("Input.UserId", userId), ("Input.FirstName", "Carol"), ("Input.LastName", "Jones"), ("Input.Timezone", "Europe/Paris"),
        ("Input.Language", "fr"), ("Input.ChatProvider", NewBotDocument.Sandbox), ("Input.LlmProvider", NewBotDocument.Fake), .. changes,
    ];

    private async Task<HttpResponseMessage> CreateAsync(HttpClient client, params (string, string?)[] answers) =>
        await (await HtmlForm.GetAsync(client, NewBot, Form)).PostAsync(client, answers);

    [Fact]
    public async Task The_form_starts_from_the_template_with_the_sandbox_and_the_fake_provider()
    {
        var html = await HtmlPage.GetAsync(_admin, NewBot);
        var form = HtmlForm.Find(html, Form, NewBot);

        Assert.Equal("", form.Fields["Input.UserId"]);
        Assert.Equal("UTC", form.Fields["Input.Timezone"]);
        Assert.Equal("en", form.Fields["Input.Language"]);
        Assert.Equal(NewBotDocument.Sandbox, form.Fields["Input.ChatProvider"]);
        Assert.Equal(NewBotDocument.Fake, form.Fields["Input.LlmProvider"]);
        Assert.Equal(DefaultConfiguration.Template.Configurations.LlmProviderConfig.ProviderConfig.Model, form.Fields["Input.Model"]);
        Assert.Equal(NewBotDocument.Environment, form.Fields["Input.KeySource"]);
        // The browser's zone may replace UTC only on this first showing.
        Assert.Contains("data-browser-zone=\"suggest\"", html);
        Assert.Contains("src=\"/js/new-bot.js", html);
    }

    [Fact]
    public async Task A_sandbox_bot_with_the_fake_provider_is_the_template_with_the_answers_and_answers_its_sandbox_contact()
    {
        var response = await CreateAsync(_admin, Answers("carol"));

        var ready = await response.FollowRedirectAsync(_admin, "/bots/carol/ready");
        Assert.Contains("Your bot is ready", ready);
        var stored = await _app.StoredBotAsync("carol");
        var expected = ConfigurationDocuments.Parse(ConfigurationJson.Serialize(DefaultConfiguration.Template))
            .With("user_id", "carol")
            .With("configurations.user_details.first_name", "Carol")
            .With("configurations.user_details.last_name", "Jones")
            .With("configurations.user_details.timezone", "Europe/Paris")
            .With("configurations.user_details.language_code", "fr")
            .With("configurations.chat_provider_config.provider_name", "dummy")
            .With("configurations.llm_provider_config.provider_name", "fakeLlm")
            .With("features.automatic_bot_reply.enabled", true)
            .With("features.automatic_bot_reply.respond_to_whitelist", new JsonArray(NewBotDocument.SandboxContact));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(ConfigurationJson.Serialize(stored!))),
            ConfigurationJson.Serialize(stored!));
        Assert.Contains(AuditEvents.ConfigurationSaved, await _app.AuditedAsync("carol"));
    }

    [Fact]
    public async Task An_openai_bot_keeps_its_model_and_its_own_key_encrypted()
    {
        var response = await CreateAsync(_admin, Answers("carol",
            ("Input.ChatProvider", NewBotDocument.WhatsApp), ("Input.LlmProvider", NewBotDocument.OpenAi), ("Input.Model", " gpt-4.1-mini "),
            ("Input.KeySource", "explicit"), ("Input.ApiKey", Key)));

        await response.FollowRedirectAsync(_admin, "/bots/carol/ready");
        var stored = (await _app.StoredBotAsync("carol"))!;
        var llm = stored.Configurations.LlmProviderConfig;
        Assert.Equal(("whatsAppBaileyes", "openAi", "gpt-4.1-mini", ApiKeySource.Explicit),
            (stored.Configurations.ChatProviderConfig.ProviderName, llm.ProviderName, llm.ProviderConfig.Model, llm.ProviderConfig.ApiKeySource));
        Assert.True(StoredApiKey.IsProtected(llm.ProviderConfig.ApiKey));
        Assert.Equal(Key, _app.Service<ApiKeyProtector>().Reveal("carol", llm.ProviderConfig.ApiKey));
        // A WhatsApp bot answers nobody until its owner says whom.
        Assert.False(stored.Features.AutomaticBotReply.Enabled);
        Assert.Empty(stored.Features.AutomaticBotReply.RespondToWhitelist);
    }

    [Theory]
    [InlineData("Input.UserId", "", "Input.UserId", "Choose the bot's user id.")]
    [InlineData("Input.UserId", "not valid!", "Input.UserId", "'not valid!' is not a valid user id")]
    [InlineData("Input.UserId", "new", "Input.UserId", "'new' is not a valid user id")]
    [InlineData("Input.Timezone", "Mars/Olympus_Mons", "Input.Timezone", "must be an IANA time zone name")]
    [InlineData("Input.Timezone", "UTC+2", "Input.Timezone", "must be ")]
    [InlineData("Input.Language", "French", "Input.Language", "must be a two-letter lowercase ISO 639-1 code")]
    [InlineData("Input.ChatProvider", "telegram", "Input.ChatProvider", "is not a known chat provider")]
    [InlineData("Input.FirstName", null, "Input.FirstName", "")]
    public async Task An_unusable_answer_is_refused_beside_its_field_and_nothing_is_saved(
        string field, string? value, string errorField, string expected)
    {
        // A null value stands for a name too long to be a name.
        var response = await CreateAsync(_admin, Answers("carol", (field, value ?? new string('x', 101))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.StartsWith(expected, Assert.Single(HtmlPage.FieldErrors(html, errorField)));
        Assert.Empty(HtmlPage.FormErrors(html));
        Assert.Null(await _app.StoredBotAsync("carol"));
        Assert.DoesNotContain(AuditEvents.ConfigurationSaved, await _app.AuditedAsync("carol"));
    }

    [Fact]
    public async Task OpenAI_without_a_model_or_with_its_own_key_left_blank_shows_both_problems_and_saves_nothing()
    {
        var response = await CreateAsync(_admin, Answers("carol",
            ("Input.LlmProvider", NewBotDocument.OpenAi), ("Input.Model", " "), ("Input.KeySource", "explicit"), ("Input.ApiKey", ""),
            ("Input.Timezone", "Nowhere/Special"), ("Input.BaseUrl", "ftp://llm.example.com")));

        var html = await response.ReadAsync();
        Assert.Single(HtmlPage.FieldErrors(html, "Input.Model"));
        Assert.StartsWith("is required when api_key_source is explicit", Assert.Single(HtmlPage.FieldErrors(html, "Input.ApiKey")));
        Assert.StartsWith("must be an absolute http or https URL", Assert.Single(HtmlPage.FieldErrors(html, "Input.BaseUrl")));
        Assert.Single(HtmlPage.FieldErrors(html, "Input.Timezone"));
        // What was typed stays, so only the wrong answers need fixing.
        var again = HtmlForm.Find(html, Form, NewBot);
        Assert.Equal(("Carol", NewBotDocument.OpenAi, NewBotDocument.Explicit), (again.Fields["Input.FirstName"], again.Fields["Input.LlmProvider"], again.Fields["Input.KeySource"]));
        Assert.DoesNotContain("data-browser-zone=\"suggest\"", html);
        Assert.Null(await _app.StoredBotAsync("carol"));
    }

    [Fact]
    public async Task A_typed_key_is_never_written_back_into_the_page()
    {
        var response = await CreateAsync(_admin, Answers("carol",
            ("Input.LlmProvider", NewBotDocument.OpenAi), ("Input.KeySource", "explicit"), ("Input.ApiKey", Key), ("Input.Language", "French")));

        var html = await response.ReadAsync();
        Assert.Single(HtmlPage.FieldErrors(html, "Input.Language"));
        Assert.DoesNotContain(Key, html);
    }

    [Fact]
    public async Task The_fake_provider_ignores_the_openai_fields()
    {
        var response = await CreateAsync(_admin, Answers("carol",
            ("Input.Model", ""), ("Input.KeySource", "explicit"), ("Input.ApiKey", ""), ("Input.BaseUrl", "not a url")));

        await response.FollowRedirectAsync(_admin, "/bots/carol/ready");
        Assert.Equal(DefaultConfiguration.Template.Configurations.LlmProviderConfig.ProviderConfig,
            (await _app.StoredBotAsync("carol"))!.Configurations.LlmProviderConfig.ProviderConfig);
    }

    [Fact]
    public async Task An_existing_bot_is_refused_beside_the_user_id_and_left_as_it_was()
    {
        var before = ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!);

        var html = await (await CreateAsync(_admin, Answers(Ann))).ReadAsync();

        Assert.Equal(["A bot named 'ann' already exists; edit it instead."], HtmlPage.FieldErrors(html, "Input.UserId"));
        Assert.Equal(before, ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!));
    }

    [Fact]
    public async Task A_regular_user_is_offered_their_own_id_and_creates_only_their_own_bot()
    {
        var bob = await _app.BobClientAsync();
        var html = await HtmlPage.GetAsync(bob, NewBot);
        var form = HtmlForm.Find(html, Form, NewBot);
        Assert.Equal(BotPages.Bob, form.Fields["Input.UserId"]);
        Assert.Contains("so yours is <code>bob</code>", html);

        var refused = await (await form.PostAsync(bob, Answers("carol"))).ReadAsync();

        Assert.Equal(["You can only create your own bot: its user id is 'bob'."], HtmlPage.FieldErrors(refused, "Input.UserId"));
        Assert.Null(await _app.StoredBotAsync("carol"));

        await (await form.PostAsync(bob, Answers(BotPages.Bob))).FollowRedirectAsync(bob, "/bots/bob/ready");
        Assert.Equal("Carol", (await _app.StoredBotAsync(BotPages.Bob))!.Configurations.UserDetails.FirstName);
    }

    [Fact]
    public async Task Trying_a_sandbox_bot_links_it_and_opens_the_chat_where_its_contact_gets_an_answer()
    {
        await (await CreateAsync(_admin, Answers("carol"))).FollowRedirectAsync(_admin, "/bots/carol/ready");
        var ready = await HtmlPage.GetAsync(_admin, "/bots/carol/ready");
        Assert.DoesNotContain("id=\"link-whatsapp\"", ready);
        var tryIt = HtmlForm.Find(ready, "try-sandbox", "/bots/carol/ready");

        var chatUrl = $"/bots/carol/chat?correspondent={NewBotDocument.SandboxContact}";
        var chat = await (await tryIt.PostAsync(_admin)).FollowRedirectAsync(_admin, chatUrl);

        Assert.Equal(ChatStatus.Connected, _app.Service<ChatSessions>().Get("carol")!.Status.Status);
        var send = HtmlForm.Find(chat, "send-message", chatUrl);
        Assert.Equal(NewBotDocument.SandboxContact, send.Fields["Input.CorrespondentId"]);
        await send.PostAsync(_admin, ("Input.Text", "Hello, are you there?"));
        // Unlinking drains the session: the reply turn is done, its answer queued for delivery.
        await _app.Service<ChatSessions>().UnlinkAsync("carol", Ct);
        var queued = new List<DeliveryItem>();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            queued.AddRange(await _app.Service<IDeliveryStore>().ListAsync("carol", state, 0, 10, Ct));
        }
        var reply = Assert.Single(queued);
        Assert.Equal(NewBotDocument.SandboxContact, reply.Recipient);
        Assert.Contains(FakeChatClient.DefaultAnswer, reply.Content);
    }

    [Fact]
    public async Task A_whatsapp_bot_is_offered_its_link_page()
    {
        await (await CreateAsync(_admin, Answers("carol", ("Input.ChatProvider", NewBotDocument.WhatsApp)))).FollowRedirectAsync(_admin, "/bots/carol/ready");

        var ready = await HtmlPage.GetAsync(_admin, "/bots/carol/ready");

        Assert.Matches("<a [^>]*id=\"link-whatsapp\"[^>]*href=\"/bots/carol/link\"", ready);
        Assert.Contains("href=\"/bots/carol/settings/reply\"", ready);
        Assert.Null(HtmlForm.TryFind(ready, "try-sandbox", "/bots/carol/ready"));
    }
}
