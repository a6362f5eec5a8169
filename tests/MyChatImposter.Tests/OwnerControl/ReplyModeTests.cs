using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Delivery;
using MyChatImposter.OwnerControl;
using MyChatImposter.Tests.AutoReply;

namespace MyChatImposter.Tests.OwnerControl;

// Reply modes on the real feature over the real SQLite stores (AutoReplyHarness): the bot's mode, each
// whitelist entry's override, and what each mode leaves behind.
public sealed class ReplyModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ChatGroup Family = new("120363041234567890@g.us", "Family", ["120363041234567890@g.us", "Family"]);

    private static async Task<AutoReplyHarness> BotAsync(ReplyMode mode, Dictionary<string, ReplyMode> perEntry)
    {
        var configuration = AutoReplyHarness.DefaultConfiguration;
        var bot = await AutoReplyHarness.StartAsync(configuration with
        {
            Features = configuration.Features with
            {
                AutomaticBotReply = configuration.Features.AutomaticBotReply with { ReplyMode = mode, ReplyModes = perEntry },
            },
        });
        bot.Llm.AutoAnswer = messages => $"re: {messages[^1].Text}";
        return bot;
    }

    [Fact]
    public async Task An_entrys_mode_overrides_the_bots_and_each_mode_does_what_it_says()
    {
        await using var bot = await BotAsync(ReplyMode.Auto, new() { ["dana"] = ReplyMode.Approve, ["Family"] = ReplyMode.Off, [" bob "] = ReplyMode.Auto });

        await bot.SendAsync("dana", "coming tonight?");
        await bot.SendAsync("bob", "lunch?", displayName: "Bob");
        await bot.SendAsync("972509999999@s.whatsapp.net", "who brings cake?", displayName: "Mum", group: Family);
        await bot.Feature.DrainAsync(Ct);

        // Bob (auto) is answered; Dana (approve) gets a draft, shown in the owner's chat; Family (off) nothing.
        Assert.Equal([("bob", "re: Bob: lunch?"), ("self", null)],
            bot.Delivery.Enqueued.OrderBy(message => message.Recipient, StringComparer.Ordinal)
                .Select(message => (message.Recipient, message.Recipient == "self" ? null : ((TextContent)message.Content).Text)));
        Assert.Equal(2, bot.Llm.Calls.Count);
        var draft = await bot.Drafts.PendingForAsync(AutoReplyHarness.UserId, "dana", Ct);
        Assert.NotNull(draft);
        Assert.Equal(("re: Dana: coming tonight?", "Dana", DraftState.Pending), (draft.Text, draft.CorrespondentName, draft.State));
        Assert.Contains($"📝 Draft {draft.Number} · reply to Dana", bot.Delivery.Texts.Single(text => text.StartsWith("📝", StringComparison.Ordinal)));
        // Only what went out is remembered.
        Assert.Empty(await bot.RememberedAsync("dana"));
        Assert.Equal(["Bob: lunch?", "Bot: re: Bob: lunch?"], await bot.RememberedAsync("bob"));
    }

    [Fact]
    public async Task Monitor_drafts_without_sending_or_remembering_and_off_never_asks_the_model()
    {
        await using var bot = await BotAsync(ReplyMode.Monitor, new() { ["bob"] = ReplyMode.Off });

        await bot.SendAsync("dana", "coming tonight?");
        await bot.SendAsync("bob", "lunch?", displayName: "Bob");
        await bot.Feature.DrainAsync(Ct);

        Assert.Empty(bot.Delivery.Enqueued);
        Assert.Equal([AutoReplyHarness.Persona, "Dana: coming tonight?"], Assert.Single(bot.Llm.Calls).Texts);
        Assert.Empty(await bot.RememberedAsync("dana"));
        var monitored = Assert.Single(await bot.Drafts.ListAsync(AutoReplyHarness.UserId, null, null, 10, Ct));
        Assert.Equal(("dana", "re: Dana: coming tonight?", DraftState.Monitored), (monitored.CorrespondentId, monitored.Text, monitored.State));
    }
}
