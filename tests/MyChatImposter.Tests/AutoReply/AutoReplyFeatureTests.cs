using Microsoft.Extensions.Logging;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.AutoReply;

// What the bot answers and what it does when answering fails. Stopping (DrainAsync) answers every waiting
// message at once and returns when all turns are done, so it ends each test with nothing left in flight.
public sealed class AutoReplyFeatureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AutoReplyHarness> BotAsync(Func<UserConfiguration, UserConfiguration>? configure = null)
    {
        var bot = await AutoReplyHarness.StartAsync((configure ?? (configuration => configuration))(AutoReplyHarness.DefaultConfiguration));
        bot.Llm.AutoAnswer = messages => $"re: {messages[^1].Text}";
        return bot;
    }

    private static UserConfiguration WithContext(UserConfiguration configuration, ContextConfig context) =>
        configuration with { Configurations = configuration.Configurations with { ContextConfig = context } };

    [Theory]
    [InlineData("[User sent a non-text message: reactionMessage]")]
    [InlineData("[User sent a non-text message: stickerMessage]")]
    [InlineData("[User sent a non-text message: imageMessage]")]
    [InlineData("   ")]
    public async Task Reactions_stickers_media_without_caption_and_blank_messages_are_not_answered(string content)
    {
        await using var bot = await BotAsync();

        await bot.SendAsync("dana", content);
        await bot.Feature.DrainAsync(Ct);

        Assert.Empty(bot.Llm.Calls);
        Assert.Empty(bot.Delivery.Enqueued);
    }

    [Fact]
    public async Task Text_that_only_mentions_the_placeholder_is_answered()
    {
        await using var bot = await BotAsync();

        await bot.SendAsync("dana", "why did I get [User sent a non-text message: reactionMessage] from you?");
        await bot.Feature.DrainAsync(Ct);

        Assert.Single(bot.Delivery.Enqueued);
    }

    [Fact]
    public async Task Strangers_and_echoes_are_never_answered_and_the_owners_own_message_pauses_its_conversation()
    {
        await using var bot = await BotAsync();

        await bot.SendAsync("mallory", "hi", displayName: "Mallory");
        await bot.SendAsync("bob", "my own message from the phone", displayName: null, source: MessageSource.UserOutgoing);
        await bot.SendAsync("bob", "thanks, talk later", displayName: "Bob");
        await bot.SendAsync("dana", "re: an earlier reply", source: MessageSource.Bot);
        await bot.SendAsync("dana", "only this one");
        await bot.Feature.DrainAsync(Ct);

        var call = Assert.Single(bot.Llm.Calls);
        Assert.Equal([AutoReplyHarness.Persona, "Dana: only this one"], call.Texts);
        Assert.Equal(["dana"], bot.Delivery.Enqueued.Select(message => message.Recipient));
    }

    [Fact]
    public async Task A_whitelisted_group_is_answered_in_the_group_whoever_writes_and_other_groups_never()
    {
        await using var bot = await BotAsync();
        var family = new ChatGroup("120363041234567890@g.us", "Family", ["120363041234567890@g.us", "Family"]);
        var work = new ChatGroup("120363099999999999@g.us", "Work", ["120363099999999999@g.us", "Work"]);

        await bot.SendAsync("972509999999@s.whatsapp.net", "who brings cake?", displayName: "Mum", group: family);
        await bot.SendAsync("dana", "standup in 5", group: work);
        await bot.Feature.DrainAsync(Ct);

        var reply = Assert.Single(bot.Delivery.Enqueued);
        Assert.Equal(family.Id, reply.Recipient);
        Assert.Equal([AutoReplyHarness.Persona, "Mum: who brings cake?"], Assert.Single(bot.Llm.Calls).Texts);
    }

    [Fact]
    public async Task The_prompt_has_the_queue_cut_message_and_the_history_keeps_the_context_cut_line()
    {
        var text = new string('x', 400);
        await using var bot = await BotAsync(configuration => WithContext(configuration with
        {
            Configurations = configuration.Configurations with { QueueConfig = new QueueConfig { MaxCharactersSingleMessage = 300 } },
        }, new ContextConfig { SharedContext = false, MaxCharactersSingleMessage = 50 }));

        await bot.SendAsync("dana", text);
        await bot.Feature.DrainAsync(Ct);

        Assert.Equal($"Dana: {text[..300]}", Assert.Single(bot.Llm.Calls).Texts[^1]);
        Assert.Equal([$"Dana: {text[..50]}", $"Bot: re: Dana: {text[..40]}"], await bot.RememberedAsync("dana"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_shared_context_carries_one_conversation_into_another_a_per_correspondent_one_does_not(bool shared)
    {
        await using var bot = await BotAsync(configuration => WithContext(configuration, new ContextConfig { SharedContext = shared }));

        await bot.SendAsync("dana", "dinner at 8?");
        await bot.Feature.DrainAsync(Ct);
        bot.Restart();
        await bot.SendAsync("bob", "are you free tonight?", displayName: "Bob");
        await bot.Feature.DrainAsync(Ct);

        var toBob = bot.Llm.Calls.Last().Texts;
        Assert.Equal(shared
            ? [AutoReplyHarness.Persona, "Dana: dinner at 8?", "re: Dana: dinner at 8?", "Bob: are you free tonight?"]
            : [AutoReplyHarness.Persona, "Bob: are you free tonight?"], toBob);
    }

    [Fact]
    public async Task The_memory_survives_a_restart_of_the_bot()
    {
        await using var bot = await BotAsync();
        await bot.SendAsync("dana", "remember: the code is 4321");
        await bot.Feature.DrainAsync(Ct);

        bot.Restart();
        await bot.SendAsync("dana", "what is the code?");
        await bot.Feature.DrainAsync(Ct);

        Assert.Equal(
            [AutoReplyHarness.Persona, "Dana: remember: the code is 4321", "re: Dana: remember: the code is 4321", "Dana: what is the code?"],
            bot.Llm.Calls.Last().Texts);
    }

    [Fact]
    public async Task A_failing_model_sends_nothing_changes_no_memory_and_leaves_a_dead_letter()
    {
        await using var bot = await AutoReplyHarness.StartAsync();
        await bot.SendAsync("dana", "the secret plan");
        bot.Time.Advance(TimeSpan.FromSeconds(5));
        (await bot.Llm.NextCallAsync()).Fail(new HttpRequestException("Service Unavailable (503)"));

        // The failed message is not retried: the next turn answers only what came after it.
        await bot.SendAsync("dana", "hello?");
        bot.Time.Advance(TimeSpan.FromSeconds(5));
        var next = await bot.Llm.NextCallAsync();
        Assert.Equal([AutoReplyHarness.Persona, "Dana: hello?"], next.Texts);
        next.Answer("hi!");
        await bot.Feature.DrainAsync(Ct);

        Assert.Equal(["hi!"], bot.Delivery.Texts);
        Assert.Equal(["Dana: hello?", "Bot: hi!"], await bot.RememberedAsync("dana"));
        var deadLetter = Assert.Single(await bot.DeadLetters.ListAsync(AutoReplyHarness.UserId, 10, Ct));
        Assert.Equal(("feature:automatic_bot_reply", "dana", "wa-1"), (deadLetter.Stage, deadLetter.CorrespondentId, deadLetter.ProviderMessageId));
        Assert.Equal("No reply was sent: 1 message(s), archive ids 1–1. HttpRequestException: Service Unavailable (503)", deadLetter.Error);
    }

    [Fact]
    public async Task An_empty_answer_is_a_failure_not_an_empty_message()
    {
        await using var bot = await AutoReplyHarness.StartAsync();
        bot.Llm.AutoAnswer = _ => " \n";

        await bot.SendAsync("dana", "hi");
        await bot.Feature.DrainAsync(Ct);

        Assert.Empty(bot.Delivery.Enqueued);
        Assert.Contains("EmptyReplyException", Assert.Single(await bot.DeadLetters.ListAsync(AutoReplyHarness.UserId, 10, Ct)).Error);
        Assert.Empty(await bot.RememberedAsync("dana"));
    }

    [Fact]
    public async Task A_reply_the_delivery_queue_cannot_take_is_not_remembered_as_sent()
    {
        await using var bot = await BotAsync();
        bot.Delivery.Failure = new InvalidOperationException("the delivery store is down");

        await bot.SendAsync("dana", "hi");
        await bot.Feature.DrainAsync(Ct);

        Assert.Empty(bot.Delivery.Enqueued);
        Assert.Empty(await bot.RememberedAsync("dana"));
        Assert.Contains("the delivery store is down", Assert.Single(await bot.DeadLetters.ListAsync(AutoReplyHarness.UserId, 10, Ct)).Error);
    }

    [Fact]
    public async Task Message_texts_prompts_and_replies_never_reach_the_logs_at_information_or_above()
    {
        await using var bot = await AutoReplyHarness.StartAsync(AutoReplyHarness.DefaultConfiguration with
        {
            Features = AutoReplyHarness.DefaultConfiguration.Features with
            {
                AutomaticBotReply = AutoReplyHarness.DefaultConfiguration.Features.AutomaticBotReply with { ChatSystemPrompt = "persona-text" },
            },
        });
        await bot.SendAsync("dana", "message-text");
        bot.Time.Advance(TimeSpan.FromSeconds(5));
        (await bot.Llm.NextCallAsync()).Answer("reply-text");
        await bot.Delivery.NextAsync();
        await bot.SendAsync("dana", "second-message-text");
        bot.Time.Advance(TimeSpan.FromSeconds(5));
        (await bot.Llm.NextCallAsync()).Fail(new TimeoutException("no answer in 100 s"));
        await bot.Feature.DrainAsync(Ct);

        var logged = bot.Logger.Collector.GetSnapshot().Where(record => record.Level >= LogLevel.Information).ToList();
        Assert.Contains(logged, record => record.Level == LogLevel.Information && record.Message.Contains("queued a reply to dana"));
        Assert.Contains(logged, record => record.Level == LogLevel.Warning && record.Exception is TimeoutException);
        Assert.All(logged, record => Assert.DoesNotMatch("message-text|persona-text|reply-text", record.Message));
    }
}
