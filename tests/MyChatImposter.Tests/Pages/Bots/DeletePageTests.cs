using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.ChatProviders;
using MyChatImposter.GroupTracking;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/delete: what is erased, then the erasure, with or without the login account.
public sealed class DeletePageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string AnnPassword = "Ann-Passw0rd!!";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(Ann, AnnPassword);
        await _app.SaveBotAsync(Ann);
        await _app.LinkBotAsync(Ann);
        await _app.ArchiveAsync(Ann, "alice", 3);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_confirmation_lists_what_is_erased()
    {
        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/delete");

        Assert.Contains("<strong id=\"erase-count-archived_messages\">3</strong> archived message(s)", html);
        Assert.Contains("<strong id=\"erase-count-dead_letters\">0</strong>", html);
        Assert.Contains("<strong id=\"erase-count-linked_session\">1</strong>", html);
        Assert.Contains("conversation history(ies) its automatic reply remembers", html);
        Assert.Contains("live session (connected) is stopped and logged out", html);
        Assert.Contains("Also delete the login account", html);
        Assert.NotNull(await _app.StoredBotAsync(Ann));
    }

    [Fact]
    public async Task The_preview_counts_what_each_registered_eraser_then_erases()
    {
        var periods = _app.Service<ITrackedPeriodStore>();
        var now = _app.Time.GetUtcNow();
        foreach (var days in new[] { 1, 2 })
        {
            await periods.UpsertAsync(new TrackedPeriod(
                Ann, "120363@g.us", "Family", now.AddDays(-days - 1), now.AddDays(-days), PeriodStatus.Delivered, 3, 1, 1, null,
                now, now), Ct);
        }

        await _app.RecordInteractionAsync(Ann, "an answer");

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}/delete");

        Assert.Contains("<strong id=\"erase-count-tracked_group_periods\">2</strong> tracked group period(s)", html);
        var previewed = _app.Services.GetServices<IUserDataEraser>().ToDictionary(eraser => eraser.Name, eraser =>
        {
            var marker = $"<strong id=\"erase-count-{eraser.Name}\">";
            var start = html.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(start >= 0, $"The preview does not list {eraser.Name}.");
            start += marker.Length;
            return html[start..html.IndexOf('<', start)];
        });
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Ann}/delete", "confirm-delete");
        var message = HtmlPage.Message(await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, "/"));
        Assert.All(previewed, pair => Assert.Contains($"{pair.Key.Replace('_', ' ')}: {pair.Value}", message));
        Assert.Contains("tracked group periods: 2", message);
        Assert.Contains("llm interactions: 1", message);
        Assert.Equal(0, await periods.CountAsync(Ann, Ct));
    }

    [Fact]
    public async Task Deleting_keeps_the_login_account_unless_asked()
    {
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Ann}/delete", "confirm-delete");

        var page = await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, "/");

        Assert.Equal("Bot ann deleted (activity hours: 0, archived messages: 3, dead letters: 0, linked session: 1, delivery items: 0, llm interactions: 0, auto reply context: 0, drafts: 0, takeovers: 0, reply history: 0, tracked group periods: 0, webhooks: 0, webhook deliveries: 0, configuration: 1).", HtmlPage.Message(page));
        Assert.DoesNotContain("bot-ann", page);
        Assert.Null(await _app.StoredBotAsync(Ann));
        Assert.Null(_app.Service<ChatSessions>().Get(Ann));
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync(Ann, null, Ct));
        Assert.NotNull(await _app.Service<IAccountStore>().GetAsync(Ann, Ct));
        Assert.Contains(AuditEvents.ConfigurationDeleted, await _app.AuditedAsync(Ann));
    }

    [Fact]
    public async Task An_admin_may_delete_the_login_account_too()
    {
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Ann}/delete", "confirm-delete");

        var page = await (await form.PostAsync(_admin, ("Input.DeleteAccount", "true"))).FollowRedirectAsync(_admin, "/");

        Assert.EndsWith("The login account was deleted too.", HtmlPage.Message(page));
        Assert.Null(await _app.StoredBotAsync(Ann));
        Assert.Null(await _app.Service<IAccountStore>().GetAsync(Ann, Ct));
    }

    [Fact]
    public async Task A_user_deletes_their_own_bot_but_never_their_account_from_here()
    {
        await _app.SaveBotAsync(BotPages.Bob, ConfigurationDocuments.Valid(BotPages.Bob));
        var bob = await _app.BobClientAsync();
        var form = await HtmlForm.GetAsync(bob, $"/bots/{BotPages.Bob}/delete", "confirm-delete");
        Assert.DoesNotContain("Input.DeleteAccount", form.Fields.Keys);

        var page = await (await form.PostAsync(bob, ("Input.DeleteAccount", "true"))).FollowRedirectAsync(bob, "/");

        Assert.StartsWith("Bot bob deleted (", HtmlPage.Message(page));
        Assert.Null(await _app.StoredBotAsync(BotPages.Bob));
        Assert.NotNull(await _app.Service<IAccountStore>().GetAsync(BotPages.Bob, Ct));
        Assert.NotNull(await _app.StoredBotAsync(Ann));
    }

    [Fact]
    public async Task A_bot_that_is_gone_is_the_bot_not_found_page()
    {
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Ann}/delete", "confirm-delete");
        await form.PostAsync(_admin);

        await (await form.PostAsync(_admin)).AssertBotNotFoundAsync(Ann);
        await (await _admin.GetAsync($"/bots/{Ann}/delete", Ct)).AssertBotNotFoundAsync(Ann);
    }
}
