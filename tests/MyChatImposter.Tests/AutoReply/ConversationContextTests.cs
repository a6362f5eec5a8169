using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.AutoReply;
using MyChatImposter.Configuration;
using MyChatImposter.Storage;
using MyChatImposter.Tests.Storage;

namespace MyChatImposter.Tests.AutoReply;

// A running bot's histories over the SQLite store: one per correspondent or one shared, trimmed as they grow.
public sealed class ConversationContextTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly SqliteTestDatabase _database = new();
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ConversationContext Context, IConversationContextStore Store)> ContextAsync(bool shared, int maxMessages = 10, int maxCharacters = 1000)
    {
        _services ??= StorageTestHost.Build(_database.StorageSettings());
        await _services.InitializeStorageAsync(Ct);
        var store = _services.GetRequiredService<IConversationContextStore>();
        var limits = new ContextConfig { SharedContext = shared, MaxMessages = maxMessages, MaxCharacters = maxCharacters };
        return (new ConversationContext("ann", limits, store, _time), store);
    }

    private static async Task<IEnumerable<string>> RecalledAsync(ConversationContext context, string correspondentId) =>
        (await context.RecallAsync(correspondentId, Ct)).Select(entry => entry.Content);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Per_correspondent_each_conversation_recalls_only_its_own_exchanges()
    {
        var (context, store) = await ContextAsync(shared: false);

        await context.RememberAsync("dana@s.whatsapp.net", [new Utterance("Dana", "dinner?")], "sure", Ct);
        await context.RememberAsync("bob@s.whatsapp.net", [new Utterance("Bob", "the report?")], "tomorrow", Ct);

        Assert.Equal(["Dana: dinner?", "Bot: sure"], await RecalledAsync(context, "dana@s.whatsapp.net"));
        Assert.Equal(["Bob: the report?", "Bot: tomorrow"], await RecalledAsync(context, "bob@s.whatsapp.net"));
        Assert.Equal(["bob@s.whatsapp.net", "dana@s.whatsapp.net"], (await store.GetAllAsync("ann", Ct)).Keys);
    }

    [Fact]
    public async Task Shared_every_conversation_recalls_one_history_in_the_order_it_happened()
    {
        var (context, store) = await ContextAsync(shared: true);

        await context.RememberAsync("dana@s.whatsapp.net", [new Utterance("Dana", "dinner?")], "sure", Ct);
        await context.RememberAsync("family@g.us", [new Utterance("Mum", "who brings cake?"), new Utterance("Dad", "not me")], "I will", Ct);

        string[] all = ["Dana: dinner?", "Bot: sure", "Mum: who brings cake?", "Dad: not me", "Bot: I will"];
        Assert.Equal(all, await RecalledAsync(context, "bob@s.whatsapp.net"));
        Assert.Equal(all, await RecalledAsync(context, "dana@s.whatsapp.net"));
        Assert.Equal([ConversationContext.SharedKey], (await store.GetAllAsync("ann", Ct)).Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_growing_history_keeps_room_for_the_next_question_and_answer(bool shared)
    {
        var (context, store) = await ContextAsync(shared, maxMessages: 5);

        foreach (var turn in Enumerable.Range(1, 4))
        {
            await context.RememberAsync("dana", [new Utterance("Dana", $"q{turn}")], $"a{turn}", Ct);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // 5 - 2 = 3 entries: the rest of the third exchange and the fourth, and that is also what is stored.
        Assert.Equal(["Bot: a3", "Dana: q4", "Bot: a4"], await RecalledAsync(context, "dana"));
        Assert.Equal(3, (await store.GetAsync("ann", context.KeyFor("dana"), Ct)).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Characters_and_age_trim_the_oldest_first_in_both_modes(bool shared)
    {
        var (context, _) = await ContextAsync(shared, maxCharacters: 30);

        await context.RememberAsync("dana", [new Utterance("Dana", "first question")], "first", Ct);
        await context.RememberAsync("dana", [new Utterance("Dana", "second")], "ok", Ct);
        Assert.Equal(["Bot: first", "Dana: second", "Bot: ok"], await RecalledAsync(context, "dana"));

        // A day and a second later, every entry is too old to recall.
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Empty(await RecalledAsync(context, "dana"));
    }

    [Fact]
    public async Task Entries_are_stamped_with_the_time_they_were_added()
    {
        var (context, _) = await ContextAsync(shared: false);
        var at = _time.GetUtcNow();

        await context.RememberAsync("dana", [new Utterance("Dana", "hi")], "hello", Ct);

        Assert.All(await context.RecallAsync("dana", Ct), entry => Assert.Equal(at, entry.AddedAt));
    }

    [Fact]
    public async Task Clearing_forgets_every_history_and_a_later_exchange_starts_a_new_one()
    {
        var (context, store) = await ContextAsync(shared: false);
        await context.RememberAsync("dana", [new Utterance("Dana", "hi")], "hello", Ct);
        await context.RememberAsync("bob", [new Utterance("Bob", "yo")], "hey", Ct);

        Assert.Equal(2, await context.ClearAsync(Ct));
        Assert.Empty(await store.GetAllAsync("ann", Ct));

        await context.RememberAsync("dana", [new Utterance("Dana", "again")], "welcome back", Ct);
        Assert.Equal(["Dana: again", "Bot: welcome back"], await RecalledAsync(context, "dana"));
    }
}
