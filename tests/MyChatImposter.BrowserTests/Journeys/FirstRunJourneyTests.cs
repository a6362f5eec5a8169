using MyChatImposter.Accounts;
using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// The whole life of a self-hosted install in one browser, on a host of its own that starts empty: the
// administrator sets the site up with the one-time code from the console, creates Rita's account; Rita signs
// in, creates a sandbox bot with the new-bot flow (fake LLM), adds a contact to its whitelist in the settings
// form, chats with it as that contact and sees the reply, sees the counts move on the bot's chart, changes
// its persona with "Save & reload", finds that mistakes in a form or the JSON view save nothing and that an
// exported configuration imports back unchanged, unlinks it and signs out. Every step through the pages, as a person does.
public sealed class FirstRunJourneyTests(ChromiumPerClass chromium) : BrowserTest(chromium), IAsyncLifetime
{
    private const string AdminId = "root";
    private const string AdminPassword = "Root-Passw0rd-First!";
    private const string Rita = "rita";
    private const string RitaPassword = "Rita-Passw0rd-Journey!";
    private const string Contact = "dana";

    // A reply without the wait for more messages (5 s) and delivery without its human-like pauses and typing,
    // so the reply arrives while the test looks.
    private readonly ImposterServer _server = new(new Dictionary<string, string>
    {
        ["AutoReply:QuietPeriod"] = "00:00:00.200",
        ["Delivery:MinDelay"] = "00:00:00",
        ["Delivery:MaxDelay"] = "00:00:00",
        ["Delivery:TypingPresence"] = "false",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (DebianChromium.IsInstalled)
        {
            _server.Start();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await _server.DisposeAsync();
    }

    private string Url(string path) => new Uri(_server.BaseAddress, path).ToString();

    [Fact]
    public async Task From_first_run_to_a_bot_that_answers_and_back()
    {
        var problems = new BrowserProblems(Page);

        // First run: the site asks for the administrator, with the code the host printed on its console.
        await Page.GotoAsync(Url("/setup"));
        var code = _server.Services.GetRequiredService<FirstRunSetup>().Code!;
        await Page.GetByLabel("One-time code").FillAsync(code);
        await Page.GetByLabel("Administrator user id").FillAsync(AdminId);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await Page.GetByLabel("Repeat the password").FillAsync(AdminPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await (await LoginPage.ExpectShownAsync(Page)).SignInAsync(AdminId, AdminPassword);

        // The administrator creates Rita's account, then signs out.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Accounts" }).ClickAsync();
        var create = Page.Locator("#create-account");
        await create.GetByLabel("User id").FillAsync(Rita);
        await create.GetByLabel("Password", new() { Exact = true }).FillAsync(RitaPassword);
        await create.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync(Rita);
        await Page.Locator("#logout").ClickAsync();

        // Rita signs in and creates her bot: the sandbox and the fake LLM, nothing else to decide.
        var bots = await (await LoginPage.ExpectShownAsync(Page)).SignInAsync(Rita, RitaPassword);
        await Expect(bots.NoBots).ToBeVisibleAsync();
        await Page.Locator("#new-bot").ClickAsync();
        var form = await NewBotPage.ExpectShownAsync(Page);
        await form.FirstName.FillAsync("Rita");
        await form.ChooseSandboxAsync();
        await form.ChooseFakeProviderAsync();
        await form.CreateAsync(Rita);

        // She lets her friend Dana through: the automatic reply section, a row typed in the contact list.
        await Page.GotoAsync(Url($"/bots/{Rita}/settings/reply"));
        var blankRow = Page.Locator("#contacts input[data-entry]").Last;
        await Expect(blankRow).ToHaveValueAsync("");
        await blankRow.FillAsync(Contact);
        await Page.Locator("#save").ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync("saved");
        var stored = await _server.Services.GetRequiredService<IBotConfigurationStore>().GetAsync(Rita, Ct);
        Assert.Contains(Contact, stored!.Features.AutomaticBotReply.RespondToWhitelist);

        // The bot's chart before: nothing in, nothing out.
        await Page.GotoAsync(Url($"/bots/{Rita}"));
        var summary = Page.Locator($"#activity-summary-{Rita} .activity-totals");
        await Expect(summary).ToContainTextAsync("0 in · 0 out");

        // The sandbox chat: link the bot, write as Dana, and the reply appears without a reload.
        await Page.GotoAsync(Url($"/bots/{Rita}/chat"));
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Link {Rita}" }).ClickAsync();
        await Expect(Page.Locator("#send-message")).ToBeVisibleAsync();
        await Page.Locator("#Input_CorrespondentId").FillAsync(Contact);
        await Page.Locator("#Input_Text").FillAsync("Are you coming tonight?");
        await Page.Locator("#send").ClickAsync();
        await Expect(Page.Locator("#conversation li.from-correspondent")).ToContainTextAsync("Are you coming tonight?");
        await Expect(Page.Locator("#conversation li.from-bot")).ToHaveCountAsync(1);

        // The counts moved on the bot's chart.
        await Page.GotoAsync(Url($"/bots/{Rita}"));
        await Expect(summary).ToContainTextAsync("1 in · 1 out");
        await summary.ClickAsync();
        await Expect(Page.Locator("svg.chart title").First).ToContainTextAsync("1 in all");

        // A new persona, saved and reloaded into the running session.
        await Page.GotoAsync(Url($"/bots/{Rita}/ai"));
        await Page.GetByLabel("Persona").FillAsync("You are Rita. Answer briefly and warmly.");
        await Page.Locator("#save-and-reload").ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync("reloaded");
        var session = _server.Services.GetRequiredService<ChatSessions>().Get(Rita);
        Assert.Equal("You are Rita. Answer briefly and warmly.", session!.Configuration.Features.AutomaticBotReply.ChatSystemPrompt);

        // Mistakes save nothing: a number out of its range (the browser's own check switched off, so the
        // server's is seen), then a broken JSON document in the advanced view.
        var store = _server.Services.GetRequiredService<IBotConfigurationStore>();
        var before = ConfigurationJson.Serialize((await store.GetAsync(Rita, Ct))!);
        await Page.GotoAsync(Url($"/bots/{Rita}/settings/limits"));
        await Page.Locator("#settings-limits").EvaluateAsync("form => form.noValidate = true");
        await Page.Locator("input[name$='QueueMaxMessages']").FillAsync("0");
        await Page.Locator("#save").ClickAsync();
        await Expect(Page.Locator("[data-errors-for$='QueueMaxMessages']")).Not.ToBeEmptyAsync();
        await Page.GotoAsync(Url($"/bots/{Rita}/edit"));
        await Page.Locator("#Input_Document").FillAsync("{ \"user_id\": ");
        await Page.Locator("#save").ClickAsync();
        await Expect(Page.Locator("[data-errors-for='Input.Document']")).Not.ToBeEmptyAsync();
        Assert.Equal(before, ConfigurationJson.Serialize((await store.GetAsync(Rita, Ct))!));

        // An exported configuration imports back unchanged.
        await Page.GotoAsync(Url($"/bots/{Rita}/edit"));
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#export").ClickAsync());
        await Page.Locator("input[type=file]").SetInputFilesAsync(await download.PathAsync());
        await Page.Locator("#import").ClickAsync();
        await Expect(Page.Locator("p.notice")).ToBeVisibleAsync();
        Assert.Equal(before, ConfigurationJson.Serialize((await store.GetAsync(Rita, Ct))!));

        // Unlink, then sign out.
        await Page.GotoAsync(Url($"/bots/{Rita}"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Unlink" }).ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync("unlinked");
        Assert.Null(_server.Services.GetRequiredService<ChatSessions>().Get(Rita));
        await Page.Locator("#logout").ClickAsync();
        await LoginPage.ExpectShownAsync(Page);
        Assert.Empty(problems.Seen);
    }
}
