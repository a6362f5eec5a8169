using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Storage;

// What every ILlmInteractionStore must do, run once per backend by the classes deriving from this one.
public abstract class LlmInteractionStoreContract(TestDatabase database) : StoreContract<ILlmInteractionStore>(database)
{
    protected static LlmInteraction NewInteraction(string userId, string answer = "Sure, see you at 8.", int minutes = 0) => new(
        userId, T0.AddMinutes(minutes), TimeSpan.FromMilliseconds(1234), "openAi", "gpt-4o-mini",
        [new("system", "You are ann."), new("user", "Dan: dinner tonight?")], answer, null);

    [Fact]
    public async Task Add_then_list_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var answered = new LlmInteraction(
            "alice", new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(3)), TimeSpan.FromMilliseconds(98_765),
            "fakeLlm", "fake", [new("system", "Persona {with} \"braces\" שלום 👋\nline two"), new("user", ""), new("assistant", "Bot: earlier")],
            "Answer with\nnew lines and 👋", null);
        var failed = new LlmInteraction("alice", T0, TimeSpan.Zero, "openAi", "gpt-5", [], null,
            "The LLM call failed after 3 attempts: no answer within 60 s.");

        await store.AddAsync(answered, Ct);
        await store.AddAsync(failed, Ct);
        var read = await store.ListAsync("alice", before: null, limit: 10, Ct);

        Assert.Equal(2, read.Count);
        AssertSameInteraction(failed, read[0]);
        AssertSameInteraction(answered, read[1]);
        Assert.All(read, interaction => Assert.False(string.IsNullOrEmpty(interaction.Id)));
        Assert.NotEqual(read[0].Id, read[1].Id);
    }

    [Fact]
    public async Task List_is_one_users_newest_first_in_insertion_order()
    {
        var store = await OpenStoreAsync();
        // Insertion decides, not StartedAt: a slow call that started first is recorded last.
        await store.AddAsync(NewInteraction("alice", "a1", minutes: 1), Ct);
        await store.AddAsync(NewInteraction("bob", "b1", minutes: 2), Ct);
        await store.AddAsync(NewInteraction("alice", "a2", minutes: 3), Ct);
        await store.AddAsync(NewInteraction("alice", "a3", minutes: 0), Ct);

        Assert.Equal(["a3", "a2", "a1"], (await store.ListAsync("alice", null, 10, Ct)).Select(i => i.Answer));
        Assert.Equal(["b1"], (await store.ListAsync("bob", null, 10, Ct)).Select(i => i.Answer));
        Assert.Empty(await store.ListAsync("carol", null, 10, Ct));
    }

    [Fact]
    public async Task Pages_follow_each_other_through_the_last_id_of_the_previous_page()
    {
        var store = await OpenStoreAsync();
        for (var i = 1; i <= 5; i++)
        {
            await store.AddAsync(NewInteraction("alice", $"a{i}"), Ct);
            await store.AddAsync(NewInteraction("bob", $"b{i}"), Ct);
        }

        var first = await store.ListAsync("alice", null, 2, Ct);
        var second = await store.ListAsync("alice", first[^1].Id, 2, Ct);
        var third = await store.ListAsync("alice", second[^1].Id, 2, Ct);

        Assert.Equal(["a5", "a4"], first.Select(i => i.Answer));
        Assert.Equal(["a3", "a2"], second.Select(i => i.Answer));
        Assert.Equal(["a1"], third.Select(i => i.Answer));
        Assert.Empty(await store.ListAsync("alice", third[^1].Id, 2, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    public async Task A_limit_outside_1_to_200_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", null, limit, Ct));
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("")]
    [InlineData("-1")]
    public async Task A_cursor_that_is_no_id_of_the_store_is_refused(string before)
    {
        var store = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync("alice", before, 10, Ct));
        Assert.Contains("not an interaction id", error.Message);
    }

    [Fact]
    public async Task Count_is_per_user()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewInteraction("alice"), Ct);
        await store.AddAsync(NewInteraction("alice"), Ct);
        await store.AddAsync(NewInteraction("bob"), Ct);

        Assert.Equal(2, await store.CountAsync("alice", Ct));
        Assert.Equal(1, await store.CountAsync("bob", Ct));
        Assert.Equal(0, await store.CountAsync("carol", Ct));
    }

    [Fact]
    public async Task Retention_deletes_what_started_before_the_cutoff_for_every_user()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewInteraction("alice", "old", minutes: -61), Ct);
        await store.AddAsync(NewInteraction("bob", "old", minutes: -60), Ct);
        await store.AddAsync(NewInteraction("alice", "at the cutoff", minutes: -30), Ct);
        await store.AddAsync(NewInteraction("bob", "new", minutes: 0), Ct);

        Assert.Equal(2, await store.DeleteOlderThanAsync(T0.AddMinutes(-30), Ct));

        Assert.Equal(["at the cutoff"], (await store.ListAsync("alice", null, 10, Ct)).Select(i => i.Answer));
        Assert.Equal(["new"], (await store.ListAsync("bob", null, 10, Ct)).Select(i => i.Answer));
        Assert.Equal(0, await store.DeleteOlderThanAsync(T0.AddMinutes(-30), Ct));
    }

    [Fact]
    public async Task Delete_for_user_removes_only_that_users_interactions()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewInteraction("alice", "a1"), Ct);
        await store.AddAsync(NewInteraction("bob", "b1"), Ct);
        await store.AddAsync(NewInteraction("alice", "a2"), Ct);

        Assert.Equal(2, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("alice", Ct));

        Assert.Empty(await store.ListAsync("alice", null, 10, Ct));
        Assert.Equal(["b1"], (await store.ListAsync("bob", null, 10, Ct)).Select(i => i.Answer));
    }

    [Fact]
    public async Task Interactions_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var interaction = NewInteraction("alice");
        await store.AddAsync(interaction, Ct);

        store = await RestartAsync();

        AssertSameInteraction(interaction, Assert.Single(await store.ListAsync("alice", null, 10, Ct)));
    }

    protected static void AssertSameInteraction(LlmInteraction expected, LlmInteraction actual)
    {
        Assert.Equal(expected.Prompt, actual.Prompt);
        Assert.Equal(expected with { Id = actual.Id, StartedAt = Milliseconds(expected.StartedAt), Prompt = actual.Prompt }, actual);
        Assert.Equal(TimeSpan.Zero, actual.StartedAt.Offset);
    }
}
