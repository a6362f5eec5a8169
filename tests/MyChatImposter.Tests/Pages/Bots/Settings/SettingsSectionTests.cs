using System.Net;
using System.Text.Json.Nodes;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Bots;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pages.Bots.Settings;

// The settings sections (/bots/{user_id}/settings/...): each saves exactly its fields with the API's rules and
// keeps the rest of the document as stored (extra provider keys and the encrypted key included), shows each
// error beside its field and saves nothing then, and is the owner's or an admin's only.
public sealed class SettingsSectionTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Key = "sk-section-secret-0a1b2c3d-K9Z1";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        // Saved as the site saves it, so the key is stored encrypted; the chat provider has a key of its own.
        var document = ConfigurationDocuments.Valid(Ann)
            .With("configurations.chat_provider_config.provider_config.bridge_option", "kept")
            .With("configurations.llm_provider_config.provider_config.api_key_source", "explicit")
            .With("configurations.llm_provider_config.provider_config.api_key", Key)
            .With("features.automatic_bot_reply.reply_modes", new JsonObject { ["+1 555 0100"] = "approve" });
        var saved = await _app.Service<BotLifecycle>().SaveConfigurationAsync(Ann, document.ToJsonString(), false, false, "admin", Ct);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<UserConfiguration> StoredAsync() => (await _app.StoredBotAsync(Ann))!;

    private async Task<string> StoredJsonAsync() => ConfigurationJson.Serialize(await StoredAsync());

    // The stored document with the fields a section saves replaced by what was saved, as JSON: equal to the
    // stored one only when nothing else changed. The key is compared revealed (each save encrypts it anew).
    private async Task AssertOnlyChangedAsync(string before, Func<UserConfiguration, UserConfiguration> expectedChange)
    {
        var stored = await StoredAsync();
        var protector = _app.Service<ApiKeyProtector>();
        Assert.Equal(Key, protector.Reveal(Ann, stored.Configurations.LlmProviderConfig.ProviderConfig.ApiKey));
        var expected = expectedChange(ConfigurationJson.Deserialize(before));
        Assert.Equal(ConfigurationJson.Serialize(WithoutKey(expected)), ConfigurationJson.Serialize(WithoutKey(stored)));
    }

    private static UserConfiguration WithoutKey(UserConfiguration configuration) => configuration with
    {
        Configurations = configuration.Configurations with
        {
            LlmProviderConfig = configuration.Configurations.LlmProviderConfig with
            {
                ProviderConfig = configuration.Configurations.LlmProviderConfig.ProviderConfig with { ApiKey = null },
            },
        },
    };

    private static string Url(string section) => $"/bots/{Ann}/settings/{section}";

    private async Task<(HtmlForm Form, string Html)> FormAsync(string section)
    {
        var html = await HtmlPage.GetAsync(_admin, Url(section));
        return (HtmlForm.Find(html, $"settings-{(section == "tracking" ? "tracking" : section)}", Url(section)), html);
    }

    private async Task AssertRefusedAsync(string section, string errorField, string expected, params (string, string?)[] changes)
    {
        var before = await StoredJsonAsync();
        var (form, _) = await FormAsync(section);

        var response = await form.PostAsync(_admin, changes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains(expected, string.Join(" ", HtmlPage.FieldErrors(html, errorField)));
        Assert.Equal(before, await StoredJsonAsync());
    }

    [Fact]
    public async Task General_saves_names_zone_language_and_provider_switches_and_keeps_the_rest()
    {
        var before = await StoredJsonAsync();
        var (form, html) = await FormAsync("general");
        Assert.Equal(("Test", "Europe/Paris", "en", "sandbox"),
            (form.Fields["Input.FirstName"], form.Fields["Input.Timezone"], form.Fields["Input.LanguageCode"], form.Fields["Input.ChatProvider"]));
        Assert.Contains("Asia/Hong Kong (UTC+08:00)", HtmlPage.Text(html));
        Assert.Contains("Hebrew (עברית) — HE", HtmlPage.Text(html));

        var page = await (await form.PostAsync(_admin, ("Input.FirstName", " Ann "), ("Input.LastName", "Lee"), ("Input.Timezone", "Asia/Tokyo"),
                ("Input.LanguageCode", "he"), ("Input.ChatProvider", "whatsapp"), ("Input.AllowGroupMessages", "true"),
                ("Input.SyncFullHistory", "false")))
            .FollowRedirectAsync(_admin, Url("general"));

        Assert.Equal("General settings of ann saved.", HtmlPage.Message(page));
        await AssertOnlyChangedAsync(before, stored => stored with
        {
            Configurations = stored.Configurations with
            {
                UserDetails = stored.Configurations.UserDetails with { FirstName = "Ann", LastName = "Lee", Timezone = "Asia/Tokyo", LanguageCode = "he" },
                ChatProviderConfig = stored.Configurations.ChatProviderConfig with
                {
                    ProviderName = "whatsapp",
                    ProviderConfig = stored.Configurations.ChatProviderConfig.ProviderConfig with { AllowGroupMessages = true, SyncFullHistory = false },
                },
            },
        });
        Assert.True((await StoredAsync()).Configurations.ChatProviderConfig.ProviderConfig.Extra!.ContainsKey("bridge_option"));
    }

    [Theory]
    [InlineData("Input.Timezone", "Mars/Olympus", "must be an IANA time zone name")]
    [InlineData("Input.Timezone", "europe/paris", "must be spelled as in the time-zone database: Europe/Paris")]
    [InlineData("Input.LanguageCode", "english", "two-letter lowercase ISO 639-1 code")]
    [InlineData("Input.ChatProvider", "telegram", "not a known chat provider")]
    public async Task General_refuses_a_bad_value_beside_its_field(string field, string value, string expected) =>
        await AssertRefusedAsync("general", field, expected, (field, value));

    [Fact]
    public async Task Limits_saves_the_numbers_with_their_declared_bounds_and_keeps_the_rest()
    {
        var before = await StoredJsonAsync();
        var (form, html) = await FormAsync("limits");
        Assert.Contains("name=\"Input.QueueMaxMessages\" value=\"5\" min=\"1\" max=\"1000\"", html);
        Assert.Contains("name=\"Input.ContextMaxMessages\" value=\"10\" min=\"3\" max=\"1000\"", html);

        await (await form.PostAsync(_admin, ("Input.QueueMaxMessages", "20"), ("Input.ContextMaxDays", "7"), ("Input.SharedContext", "false")))
            .FollowRedirectAsync(_admin, Url("limits"));

        await AssertOnlyChangedAsync(before, stored => stored with
        {
            Configurations = stored.Configurations with
            {
                QueueConfig = stored.Configurations.QueueConfig with { MaxMessages = 20 },
                ContextConfig = stored.Configurations.ContextConfig with { MaxDays = 7, SharedContext = false },
            },
        });
    }

    [Theory]
    [InlineData("Input.QueueMaxMessages", "0", "must be between 1 and 1000")]
    [InlineData("Input.ContextMaxMessages", "2", "must be between 3 and 1000")]
    [InlineData("Input.QueueMaxDays", "", "Enter a whole number.")]
    public async Task Limits_refuses_a_number_out_of_bounds_beside_its_field(string field, string value, string expected) =>
        await AssertRefusedAsync("limits", field, expected, (field, value));

    [Fact]
    public async Task Automatic_reply_saves_the_whitelists_with_their_modes_and_keeps_the_rest()
    {
        var before = await StoredJsonAsync();
        var (form, _) = await FormAsync("reply");
        Assert.Equal(("+1 555 0100", "Approve", ""),
            (form.Fields["Input.Contacts[0].Entry"], form.Fields["Input.Contacts[0].Mode"], form.Fields["Input.Contacts[1].Entry"]));

        await (await form.PostAsync(_admin, ("Input.Enabled", "true"), ("Input.Contacts[0].Mode", ""), ("Input.Contacts[1].Entry", " Dana "),
                ("Input.Contacts[1].Mode", "Monitor"), ("Input.Groups[0].Entry", "Family")))
            .FollowRedirectAsync(_admin, Url("reply"));

        await AssertOnlyChangedAsync(before, stored => stored with
        {
            Features = stored.Features with
            {
                AutomaticBotReply = stored.Features.AutomaticBotReply with
                {
                    Enabled = true,
                    RespondToWhitelist = ["+1 555 0100", "Dana"],
                    RespondToWhitelistGroup = ["Family"],
                    ReplyModes = new Dictionary<string, ReplyMode> { ["Dana"] = ReplyMode.Monitor },
                },
            },
        });
    }

    [Fact]
    public async Task Automatic_reply_refuses_a_too_long_entry_beside_its_row()
    {
        // The blank row before it is dropped: the document's item 1 is the form's row 2.
        var before = await StoredJsonAsync();
        var (form, _) = await FormAsync("reply");
        var fields = new Dictionary<string, string>(form.Fields)
        {
            ["Input.Contacts[1].Entry"] = "",
            ["Input.Contacts[2].Entry"] = new string('x', ConfigurationLimits.WhitelistEntryMaxLength + 1),
        };

        var html = await (await _admin.PostAsync(Url("reply"), new FormUrlEncodedContent(fields), Ct)).ReadAsync();

        Assert.Contains("at most 200 characters", string.Join(" ", HtmlPage.FieldErrors(html, "Input.Contacts[2].Entry")));
        Assert.Equal(before, await StoredJsonAsync());
    }

    [Fact]
    public async Task Add_another_without_script_shows_one_more_row_with_the_typed_values_and_saves_nothing()
    {
        var before = await StoredJsonAsync();
        var (form, html) = await FormAsync("reply");
        Assert.Contains("formaction=\"/bots/ann/settings/reply?handler=Rows\"", html);

        var again = await (await _admin.PostAsync(Url("reply") + "?handler=Rows", new FormUrlEncodedContent(new Dictionary<string, string>(form.Fields)
        {
            ["Input.Contacts[1].Entry"] = "Dana",
            ["edit"] = "add:contacts",
        }), Ct)).ReadAsync();

        var shown = HtmlForm.Find(again, "settings-reply", Url("reply"));
        Assert.Equal(("+1 555 0100", "Dana", ""), (shown.Fields["Input.Contacts[0].Entry"], shown.Fields["Input.Contacts[1].Entry"], shown.Fields["Input.Contacts[2].Entry"]));
        Assert.False(shown.Fields.ContainsKey("Input.Contacts[3].Entry"));
        Assert.Equal(before, await StoredJsonAsync());

        var removed = HtmlForm.Find(await (await _admin.PostAsync(Url("reply") + "?handler=Rows", new FormUrlEncodedContent(
            new Dictionary<string, string>(shown.Fields) { ["edit"] = "remove:contacts:0" }), Ct)).ReadAsync(), "settings-reply", Url("reply"));
        Assert.Equal("Dana", removed.Fields["Input.Contacts[0].Entry"]);
    }

    [Fact]
    public async Task The_picker_offers_the_contacts_seen_and_each_entry_says_what_it_matches()
    {
        await _app.Service<IMessageArchive>().AppendAsync(
        [
            new ArchivedMessage(Ann, "dummy", "dana-jid", 1, "p1", "hi", new ChatParty("dana-jid", "Dana", ["+1 555 0100"]),
                MessageSource.User, _app.Time.GetUtcNow(), null, null),
            new ArchivedMessage(Ann, "dummy", "family@g.us", 1, "p2", "hello", new ChatParty("eve", "Eve", []),
                MessageSource.User, _app.Time.GetUtcNow(), null, new ChatGroup("family@g.us", "Family", [])),
        ], Ct);

        var (form, html) = await FormAsync("reply");
        var text = HtmlPage.Text(html);

        Assert.Contains("<option value=\"dana-jid\" data-matches=\"matches Dana (1 conversation)\">Dana — dana-jid</option>", text);
        Assert.Contains("<option value=\"family@g.us\" data-matches=\"matches Family (1 conversation)\">Family — family@g.us</option>", text);
        Assert.Contains("matches Dana (1 conversation)", text);

        // Without script the picker's Add puts the contact in the blank row.
        var picked = await (await _admin.PostAsync(Url("reply") + "?handler=Rows", new FormUrlEncodedContent(new Dictionary<string, string>(form.Fields)
        {
            ["pick-groups"] = "family@g.us",
            ["edit"] = "pick:groups",
        }), Ct)).ReadAsync();
        Assert.Equal("family@g.us", HtmlForm.Find(picked, "settings-reply", Url("reply")).Fields["Input.Groups[0].Entry"]);
    }

    [Fact]
    public async Task Group_tracking_saves_the_groups_in_their_new_order_and_kid_safety()
    {
        var before = await StoredJsonAsync();
        var (form, html) = await FormAsync("tracking");
        Assert.Contains("Runs every day at 20:00; next:", html);

        var moved = HtmlForm.Find(await (await _admin.PostAsync(Url("tracking") + "?handler=Rows", new FormUrlEncodedContent(new Dictionary<string, string>(form.Fields)
        {
            ["Input.Groups[1].GroupId"] = "work@g.us",
            ["Input.Groups[1].DisplayName"] = "Work",
            ["Input.Groups[1].Cron"] = "30 7 * * 1-5",
            ["edit"] = "up:tracked:1",
        }), Ct)).ReadAsync(), "settings-tracking", Url("tracking"));
        await (await moved.PostAsync(_admin, ("Input.Enabled", "true"), ("Input.KidPhoneSafety", "true"))).FollowRedirectAsync(_admin, Url("tracking"));

        await AssertOnlyChangedAsync(before, stored => stored with
        {
            Features = stored.Features with
            {
                PeriodicGroupTracking = new PeriodicGroupTrackingConfig
                {
                    Enabled = true,
                    TrackedGroups =
                    [
                        new TrackedGroup { GroupIdentifier = "work@g.us", DisplayName = "Work", CronTrackingSchedule = "30 7 * * 1-5" },
                        stored.Features.PeriodicGroupTracking.TrackedGroups[0],
                    ],
                },
                KidPhoneSafetyTracking = new KidPhoneSafetyTrackingConfig { Enabled = true },
            },
        });
    }

    [Fact]
    public async Task Group_tracking_refuses_a_bad_cron_beside_its_field_and_offers_the_live_groups()
    {
        await AssertRefusedAsync("tracking", "Input.Groups[0].Cron", "five-field cron", ("Input.Groups[0].Cron", "every day"));

        await _app.LinkBotAsync(Ann);
        _app.Service<SandboxWorld>().SetGroups(Ann, [new("work@g.us", "Work")]);
        var (_, html) = await FormAsync("tracking");
        Assert.Contains("<option value=\"work@g.us\">Work</option>", html);
        Assert.Contains("id=\"save-and-reload\"", html);
    }

    [Theory]
    [InlineData("general")]
    [InlineData("limits")]
    [InlineData("reply")]
    [InlineData("tracking")]
    public async Task Another_owner_cannot_open_a_section_and_an_unknown_bot_is_not_found(string section)
    {
        var bob = await _app.BobClientAsync();

        BotPages.AssertAccessDenied(await bob.GetAsync(Url(section), Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/bots/nobody/settings/{section}", Ct)).StatusCode);
    }
}
