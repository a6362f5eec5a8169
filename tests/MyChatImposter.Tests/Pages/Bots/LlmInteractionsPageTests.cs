namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/llm-interactions: the recorded prompts and answers, 20 to a page, owner and admins only.
public sealed class LlmInteractionsPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann, ConfigurationDocuments.Valid(Ann)
            .With("configurations.llm_provider_config.provider_config.record_llm_interactions", true));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_details_page_links_to_the_interactions()
    {
        Assert.Contains($"href=\"/bots/{Ann}/llm-interactions\"", await HtmlPage.GetAsync(_admin, $"/bots/{Ann}"));
    }

    [Fact]
    public async Task Each_interaction_shows_its_prompt_and_its_answer_or_failure()
    {
        await _app.RecordInteractionAsync(Ann, "Sure <b>8</b> works");
        await _app.RecordInteractionAsync(Ann, "", error: "The LLM call failed after 3 attempts: server error (HTTP 500).");

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/llm-interactions");

        Assert.Contains("Recording is <strong>on</strong>", html);
        Assert.Contains("kept for 30 days", html);
        Assert.Contains("<dd class=\"message-text\">Dan: are you free?</dd>", html);
        Assert.Contains("<td class=\"message-text\">Sure &lt;b&gt;8&lt;/b&gt; works</td>", html);
        Assert.Contains("<td class=\"error-text\">The LLM call failed after 3 attempts: server error (HTTP 500).</td>", html);
        Assert.True(html.IndexOf("server error", StringComparison.Ordinal) < html.IndexOf("Sure &lt;b&gt;", StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain("id=\"older\"", html);
    }

    [Fact]
    public async Task Twenty_to_a_page_with_a_link_to_the_older_ones()
    {
        for (var i = 1; i <= 21; i++)
        {
            await _app.RecordInteractionAsync(Ann, $"answer number {i:D2}");
        }

        var first = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/llm-interactions");
        var older = HtmlForm.Attributes(System.Text.RegularExpressions.Regex.Match(first, "<a ([^>]*id=\"older\"[^>]*)>").Groups[1].Value)["href"];
        var second = await HtmlPage.GetAsync(_admin, older);

        Assert.Contains("answer number 21", first);
        Assert.Contains("answer number 02", first);
        Assert.DoesNotContain("answer number 01", first);
        Assert.Contains("answer number 01", second);
        Assert.DoesNotContain("answer number 02", second);
        Assert.Contains("id=\"newest\"", second);
    }

    [Fact]
    public async Task A_bot_that_does_not_record_says_how_to_turn_it_on()
    {
        await _app.SaveBotAsync(BotPages.Bob);

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{BotPages.Bob}/llm-interactions");

        Assert.Contains("Recording is <strong>off</strong>", html);
        Assert.Contains("id=\"no-interactions\"", html);
    }

    [Fact]
    public async Task Another_user_is_denied()
    {
        var bob = await _app.BobClientAsync();

        BotPages.AssertAccessDenied(await bob.GetAsync($"/bots/{Ann}/llm-interactions", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_delete_page_counts_the_interactions_it_erases()
    {
        await _app.RecordInteractionAsync(Ann, "one");
        await _app.RecordInteractionAsync(Ann, "two");

        Assert.Contains("<strong id=\"erase-count-llm_interactions\">2</strong> recorded LLM interaction(s)", await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/delete"));
    }
}
