using System.Diagnostics.CodeAnalysis;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Storage;

// What every IMessageArchive must do, run once per backend by the classes deriving from this one.
public abstract class MessageArchiveContract(TestDatabase database) : StoreContract<IMessageArchive>(database)
{
    protected const string WhatsApp = "whatsapp";

    protected static ArchivedMessage NewMessage(
        string correspondentId, long id, string? providerMessageId = null, string userId = "alice",
        string providerName = WhatsApp, string? content = null) => new(
        userId,
        providerName,
        correspondentId,
        id,
        providerMessageId ?? $"{providerName}:{correspondentId}/{id}",
        content ?? $"message {id}",
        new ChatParty(correspondentId, "Someone", []),
        MessageSource.User,
        T0.AddSeconds(id),
        null,
        null);

    // Ids 1..count of one correspondent, in order.
    protected static List<ArchivedMessage> NewMessages(
        string correspondentId, int count, string userId = "alice", string providerName = WhatsApp) =>
        Enumerable.Range(1, count)
            .Select(id => NewMessage(correspondentId, id, userId: userId, providerName: providerName))
            .ToList();

    // Called where a test goes on to append a duplicate: a backend whose test server cannot report
    // duplicates row by row skips the rest of the test there, with the reason (the MongoDB stand-in). A
    // contract test is run by every backend, so this hook, not a trait, marks the dependence.
    protected virtual void RequireDuplicatesRefusedRowByRow()
    {
    }

    private static async Task<List<ArchivedMessage>> ReadAllAsync(IMessageArchive store, string userId, string correspondentId)
    {
        var all = new List<ArchivedMessage>();
        var afterId = 0L;
        while (true)
        {
            var page = await store.ReadAsync(userId, correspondentId, afterId, 1000, Ct);
            if (page.Count == 0)
            {
                return all;
            }
            all.AddRange(page);
            afterId = page[^1].Id;
        }
    }

    [Fact]
    public async Task Append_then_read_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        const string group = "120363041234567890@g.us";
        var full = new ArchivedMessage(
            "alice", WhatsApp, group, 1, "3EB0C767D26A1D2E6B9A",
            "שלום 👋 “quoted” \"double\" \\ back\nnew line\ttab — e\u0301 日本語 {\"json\": true}",
            new ChatParty("972501234567@s.whatsapp.net", "Dana ✨", ["123456789012345@lid", "Dana"]),
            MessageSource.User,
            new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 2, 3, 4, 5, 1, 2, TimeSpan.FromHours(-5)),
            new ChatGroup(group, "Family 👨‍👩‍👧", ["Family", "120363041234567890"]));
        var sparse = new ArchivedMessage(
            "alice", WhatsApp, group, 2, "3EB0AAAA", "",
            new ChatParty("bot@s.whatsapp.net", null, []),
            MessageSource.Bot,
            T0,
            null,
            new ChatGroup(group, null, []));
        var direct = new ArchivedMessage(
            "alice", WhatsApp, "972509999999@s.whatsapp.net", 1, "3EB0BBBB", new string('x', 65_535) + "é",
            new ChatParty("972501111111@s.whatsapp.net", "Owner", []),
            MessageSource.UserOutgoing,
            T0.AddMinutes(1),
            T0,
            null);

        Assert.Equal([true, true, true], await store.AppendAsync([full, sparse, direct], Ct));

        var inGroup = await store.ReadAsync("alice", group, 0, 10, Ct);
        Assert.Equal(2, inGroup.Count);
        AssertSameMessage(full, inGroup[0]);
        AssertSameMessage(sparse, inGroup[1]);
        var read = Assert.Single(await store.ReadAsync("alice", direct.CorrespondentId, 0, 10, Ct));
        AssertSameMessage(direct, read);
        Assert.Equal(65_536, read.Content.Length);
        Assert.Equal(65_536, read.MessageSize);
    }

    [Fact]
    public async Task An_empty_batch_writes_nothing()
    {
        var store = await OpenStoreAsync();

        Assert.Empty(await store.AppendAsync([], Ct));
        Assert.Equal(0, await store.CountAsync("alice", null, Ct));
    }

    [Fact]
    public async Task A_duplicate_is_not_written_and_the_first_row_is_kept()
    {
        var store = await OpenStoreAsync();
        var first = NewMessage("c1", 1, "p1", content: "first");

        Assert.Equal([true], await store.AppendAsync([first], Ct));
        RequireDuplicatesRefusedRowByRow();
        Assert.Equal([false], await store.AppendAsync([NewMessage("c1", 2, "p1", content: "second")], Ct));
        // Within one batch: the first of the two is written, the second is its duplicate.
        Assert.Equal(
            [true, false, false, true],
            await store.AppendAsync(
                [
                    NewMessage("c1", 3, "p2", content: "third"),
                    NewMessage("c1", 4, "p2", content: "fourth"),
                    NewMessage("c1", 5, "p1", content: "fifth"),
                    NewMessage("c1", 6, "p3", content: "sixth"),
                ], Ct));

        var read = await store.ReadAsync("alice", "c1", 0, 100, Ct);
        Assert.Equal(["first", "third", "sixth"], read.Select(m => m.Content));
        Assert.Equal([1L, 3L, 6L], read.Select(m => m.Id));
        Assert.Equal(3, await store.CountAsync("alice", null, Ct));
    }

    [Fact]
    public async Task The_same_provider_id_under_another_correspondent_or_user_is_no_duplicate()
    {
        var store = await OpenStoreAsync();

        Assert.Equal(
            [true, true, true, true],
            await store.AppendAsync(
                [
                    NewMessage("c1", 1, "shared"),
                    NewMessage("c2", 1, "shared"),
                    NewMessage("c1", 1, "shared", userId: "bob"),
                    NewMessage("c1", 2, "SHARED"),
                ], Ct));
        // The key is user, correspondent and provider message id: another provider does not make it new.
        RequireDuplicatesRefusedRowByRow();
        Assert.Equal([false], await store.AppendAsync([NewMessage("c1", 1, "shared", providerName: "sandbox")], Ct));

        Assert.Equal(3, await store.CountAsync("alice", null, Ct));
        Assert.Equal(1, await store.CountAsync("bob", null, Ct));
    }

    [Fact]
    public async Task Last_id_is_per_user_and_correspondent_whichever_provider_wrote_it()
    {
        var store = await OpenStoreAsync();
        Assert.Equal(0, await store.LastIdAsync("alice", "c1", Ct));

        var written = new List<bool>();
        written.AddRange(await store.AppendAsync(NewMessages("c1", 3), Ct));
        written.AddRange(await store.AppendAsync(NewMessages("c2", 7), Ct));
        // The same conversation continued over another provider continues its numbering.
        written.AddRange(await store.AppendAsync([NewMessage("c1", 4, providerName: "sandbox"), NewMessage("c1", 5, providerName: "sandbox")], Ct));
        written.AddRange(await store.AppendAsync(NewMessages("c1", 9, userId: "bob"), Ct));
        // Written out of order: the highest id counts, not the last written.
        written.AddRange(await store.AppendAsync([NewMessage("c3", 12), NewMessage("c3", 4)], Ct));
        Assert.All(written, Assert.True);

        Assert.Equal(5, await store.LastIdAsync("alice", "c1", Ct));
        Assert.Equal(7, await store.LastIdAsync("alice", "c2", Ct));
        Assert.Equal(9, await store.LastIdAsync("bob", "c1", Ct));
        Assert.Equal(12, await store.LastIdAsync("alice", "c3", Ct));
        Assert.Equal(0, await store.LastIdAsync("carol", "c1", Ct));
    }

    [Fact]
    public async Task Read_pages_in_id_order_after_the_given_id()
    {
        var store = await OpenStoreAsync();
        var shuffled = NewMessages("c1", 10).OrderBy(m => (m.Id * 7) % 10).ToList();
        await store.AppendAsync(shuffled, Ct);
        await store.AppendAsync(NewMessages("c2", 3), Ct);
        await store.AppendAsync(NewMessages("c1", 3, userId: "bob"), Ct);

        var pages = new List<IReadOnlyList<ArchivedMessage>>();
        var afterId = 0L;
        for (var page = 0; page < 4; page++)
        {
            var read = await store.ReadAsync("alice", "c1", afterId, 4, Ct);
            pages.Add(read);
            afterId = read.Count > 0 ? read[^1].Id : afterId;
        }

        Assert.Equal([4, 4, 2, 0], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), pages.SelectMany(p => p).Select(m => m.Id));
        Assert.All(pages.SelectMany(p => p), m => Assert.Equal(("alice", "c1"), (m.UserId, m.CorrespondentId)));
        Assert.Equal([8L, 9L, 10L], (await store.ReadAsync("alice", "c1", 7, 1000, Ct)).Select(m => m.Id));
        Assert.Equal([1L], (await store.ReadAsync("alice", "c1", -5, 1, Ct)).Select(m => m.Id));
        Assert.Empty(await store.ReadAsync("alice", "nobody", 0, 10, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task A_read_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadAsync("alice", "c1", 0, limit, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => store.ReadWindowAsync("alice", "c1", T0, T0.AddDays(1), 0, limit, Ct));
    }

    // Message id -> (originating time, accepted time) around the window (T0, T0 + 10 s].
    private static readonly (long Id, DateTimeOffset? Originating, DateTimeOffset Accepted)[] AroundTheWindow =
    [
        (1, T0, T0.AddSeconds(1)),                                     // exactly at the start: out
        (2, T0.AddMilliseconds(1), T0.AddSeconds(1)),                  // just after the start: in
        (3, T0.AddSeconds(10), T0.AddSeconds(11)),                     // exactly at the end: in
        (4, T0.AddSeconds(10).AddMilliseconds(1), T0.AddSeconds(11)),  // just after the end: out
        (5, null, T0.AddSeconds(5)),                                   // no originating time: accepted inside
        (6, null, T0),                                                 // no originating time: accepted at the start
        (7, T0.AddSeconds(5), T0.AddHours(1)),                         // arrived late: its originating time decides
        (8, T0.AddHours(-1), T0.AddSeconds(5)),                        // sent long before, accepted inside: out
        (9, null, T0.AddSeconds(10)),                                  // no originating time: accepted at the end
    ];

    private static ArchivedMessage Timed(long id, DateTimeOffset? originating, DateTimeOffset accepted, string correspondentId = "g1",
        string userId = "alice") =>
        NewMessage(correspondentId, id, userId: userId) with { OriginatingTime = originating, AcceptedTime = accepted };

    [Fact]
    public async Task A_window_holds_the_messages_whose_time_is_after_its_start_up_to_its_end()
    {
        var store = await OpenStoreAsync();
        // Appended out of id order, with the same times under another correspondent and another user.
        await store.AppendAsync([.. AroundTheWindow.Reverse().Select(m => Timed(m.Id, m.Originating, m.Accepted))], Ct);
        await store.AppendAsync([.. AroundTheWindow.Select(m => Timed(m.Id, m.Originating, m.Accepted, correspondentId: "g2"))], Ct);
        await store.AppendAsync([.. AroundTheWindow.Select(m => Timed(m.Id, m.Originating, m.Accepted, userId: "bob"))], Ct);

        var window = await store.ReadWindowAsync("alice", "g1", T0, T0.AddSeconds(10), 0, 1000, Ct);

        Assert.Equal([2L, 3L, 5L, 7L, 9L], window.Select(m => m.Id));
        Assert.All(window, m => Assert.Equal(("alice", "g1"), (m.UserId, m.CorrespondentId)));
        AssertSameMessage(Timed(7, T0.AddSeconds(5), T0.AddHours(1)), window[3]);
        Assert.Empty(await store.ReadWindowAsync("alice", "nobody", T0, T0.AddSeconds(10), 0, 1000, Ct));
        Assert.Empty(await store.ReadWindowAsync("alice", "g1", T0.AddSeconds(10), T0.AddSeconds(10), 0, 1000, Ct));
    }

    [Fact]
    public async Task Adjacent_windows_share_no_message_and_miss_none()
    {
        var store = await OpenStoreAsync();
        await store.AppendAsync([.. AroundTheWindow.Select(m => Timed(m.Id, m.Originating, m.Accepted))], Ct);
        DateTimeOffset[] bounds = [T0.AddDays(-1), T0, T0.AddSeconds(10), T0.AddDays(1)];

        var windows = new List<IReadOnlyList<ArchivedMessage>>();
        for (var i = 0; i < bounds.Length - 1; i++)
        {
            windows.Add(await store.ReadWindowAsync("alice", "g1", bounds[i], bounds[i + 1], 0, 1000, Ct));
        }

        Assert.Equal([1L, 6L, 8L], windows[0].Select(m => m.Id));
        Assert.Equal([2L, 3L, 5L, 7L, 9L], windows[1].Select(m => m.Id));
        Assert.Equal([4L], windows[2].Select(m => m.Id));
    }

    [Fact]
    public async Task A_window_is_read_in_pages_in_id_order()
    {
        var store = await OpenStoreAsync();
        await store.AppendAsync([.. AroundTheWindow.Select(m => Timed(m.Id, m.Originating, m.Accepted))], Ct);

        var pages = new List<IReadOnlyList<ArchivedMessage>>();
        var afterId = 0L;
        for (var page = 0; page < 4; page++)
        {
            var read = await store.ReadWindowAsync("alice", "g1", T0, T0.AddSeconds(10), afterId, 2, Ct);
            pages.Add(read);
            afterId = read.Count > 0 ? read[^1].Id : afterId;
        }

        Assert.Equal([[2L, 3L], [5L, 7L], [9L], []], pages.Select(p => p.Select(m => m.Id).ToArray()));
        Assert.Equal([7L, 9L], (await store.ReadWindowAsync("alice", "g1", T0, T0.AddSeconds(10), 5, 1000, Ct)).Select(m => m.Id));
    }

    [Fact]
    public async Task Correspondents_are_the_users_own_in_ordinal_order()
    {
        var store = await OpenStoreAsync();
        // Ordinal (UTF-16) order: U+FFFD sorts after the surrogates of U+1F600, unlike in UTF-8 byte order.
        string[] correspondents = ["b", "B", "é", "972501234567@s.whatsapp.net", "120363@g.us", "\uFFFDx", "\U0001F600x", "a"];
        foreach (var (correspondent, index) in correspondents.Select((c, i) => (c, i)))
        {
            await store.AppendAsync(NewMessages(correspondent, index + 1), Ct);
        }
        await store.AppendAsync(NewMessages("only-bob", 2, userId: "bob"), Ct);

        Assert.Equal(correspondents.Order(StringComparer.Ordinal), await store.CorrespondentsAsync("alice", Ct));
        Assert.Equal(["only-bob"], await store.CorrespondentsAsync("bob", Ct));
        Assert.Empty(await store.CorrespondentsAsync("carol", Ct));
    }

    [Fact]
    public async Task Count_is_per_user_and_per_correspondent()
    {
        var store = await OpenStoreAsync();
        await store.AppendAsync(NewMessages("c1", 4), Ct);
        await store.AppendAsync(NewMessages("c2", 6), Ct);
        await store.AppendAsync(NewMessages("c1", 5, userId: "bob"), Ct);

        Assert.Equal(10, await store.CountAsync("alice", null, Ct));
        Assert.Equal(4, await store.CountAsync("alice", "c1", Ct));
        Assert.Equal(6, await store.CountAsync("alice", "c2", Ct));
        Assert.Equal(5, await store.CountAsync("bob", null, Ct));
        Assert.Equal(5, await store.CountAsync("bob", "c1", Ct));
        Assert.Equal(0, await store.CountAsync("bob", "c2", Ct));
        Assert.Equal(0, await store.CountAsync("carol", null, Ct));
    }

    [Fact]
    public async Task Delete_removes_one_correspondent_or_all_of_the_users_messages()
    {
        var store = await OpenStoreAsync();
        await store.AppendAsync(NewMessages("c1", 4), Ct);
        await store.AppendAsync(NewMessages("c2", 6), Ct);
        await store.AppendAsync(NewMessages("c3", 2), Ct);
        await store.AppendAsync(NewMessages("c1", 5, userId: "bob"), Ct);
        await store.AppendAsync(NewMessages("c2", 3, userId: "bob"), Ct);

        Assert.Equal(4, await store.DeleteAsync("alice", "c1", Ct));
        Assert.Equal(0, await store.DeleteAsync("alice", "c1", Ct));
        Assert.Equal(["c2", "c3"], await store.CorrespondentsAsync("alice", Ct));
        Assert.Equal(0, await store.LastIdAsync("alice", "c1", Ct));

        Assert.Equal(8, await store.DeleteAsync("alice", null, Ct));
        Assert.Equal(0, await store.DeleteAsync("alice", null, Ct));
        Assert.Empty(await store.CorrespondentsAsync("alice", Ct));

        Assert.Equal(8, await store.CountAsync("bob", null, Ct));
        Assert.Equal(5, await store.CountAsync("bob", "c1", Ct));
        Assert.Equal(5, await store.LastIdAsync("bob", "c1", Ct));
    }

    [Fact]
    public async Task A_deleted_message_can_be_archived_again()
    {
        var store = await OpenStoreAsync();
        await store.AppendAsync([NewMessage("c1", 1, "p1")], Ct);
        await store.DeleteAsync("alice", "c1", Ct);

        Assert.Equal([true], await store.AppendAsync([NewMessage("c1", 1, "p1")], Ct));
    }

    [Fact]
    public async Task Concurrent_appenders_lose_no_row_and_duplicate_none()
    {
        RequireDuplicatesRefusedRowByRow();
        var store = await OpenStoreAsync();
        const int batches = 10;
        const int batchSize = 25;
        const int sharedCount = batches * batchSize;

        // Eight writers on correspondents of their own, two more on the same messages of one correspondent.
        var distinct = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var messages = NewMessages($"own-{writer}", batches * batchSize);
            var results = new List<bool>();
            foreach (var batch in messages.Chunk(batchSize))
            {
                results.AddRange(await store.AppendAsync(batch, Ct));
            }
            return results;
        }, Ct)).ToList();
        var shared = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var messages = NewMessages("shared", sharedCount);
            var results = new List<bool>();
            foreach (var batch in messages.Chunk(batchSize))
            {
                results.AddRange(await store.AppendAsync(batch, Ct));
            }
            return results;
        }, Ct)).ToList();

        var distinctResults = await Task.WhenAll(distinct);
        var sharedResults = await Task.WhenAll(shared);

        Assert.All(distinctResults, results => Assert.All(results, Assert.True));
        // Each shared message was written by exactly one of the two.
        Assert.All(Enumerable.Range(0, sharedCount), i => Assert.True(sharedResults[0][i] ^ sharedResults[1][i]));
        Assert.Equal(8 * batches * batchSize + sharedCount, await store.CountAsync("alice", null, Ct));
        for (var writer = 0; writer < 8; writer++)
        {
            var read = await ReadAllAsync(store, "alice", $"own-{writer}");
            Assert.Equal(Enumerable.Range(1, batches * batchSize).Select(i => (long)i), read.Select(m => m.Id));
        }
        var sharedRead = await ReadAllAsync(store, "alice", "shared");
        Assert.Equal(Enumerable.Range(1, sharedCount).Select(i => (long)i), sharedRead.Select(m => m.Id));
    }

    [Fact]
    public async Task Appends_a_batch_of_5000_in_one_call()
    {
        var store = await OpenStoreAsync();
        var messages = NewMessages("c1", 5_000);

        var written = await store.AppendAsync(messages, Ct);

        Assert.Equal(5_000, written.Count);
        Assert.All(written, Assert.True);
        Assert.Equal(5_000, await store.CountAsync("alice", "c1", Ct));
        Assert.Equal(5_000, await store.LastIdAsync("alice", "c1", Ct));
        var read = await ReadAllAsync(store, "alice", "c1");
        Assert.Equal(messages.Select(m => m.ProviderMessageId), read.Select(m => m.ProviderMessageId));
    }

    [Fact]
    public async Task Messages_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var message = NewMessage("c1", 1);
        await store.AppendAsync([message], Ct);

        store = await RestartAsync();

        AssertSameMessage(message, Assert.Single(await store.ReadAsync("alice", "c1", 0, 10, Ct)));
        RequireDuplicatesRefusedRowByRow();
        Assert.Equal([false], await store.AppendAsync([message], Ct));
    }

    protected static void AssertSameMessage(ArchivedMessage expected, [NotNull] ArchivedMessage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.ProviderName, actual.ProviderName);
        Assert.Equal(expected.CorrespondentId, actual.CorrespondentId);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ProviderMessageId, actual.ProviderMessageId);
        Assert.Equal(expected.Content, actual.Content);
        AssertSameParty(expected.Sender, actual.Sender);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(Milliseconds(expected.AcceptedTime), actual.AcceptedTime);
        Assert.Equal(TimeSpan.Zero, actual.AcceptedTime.Offset);
        Assert.Equal(expected.OriginatingTime is { } originating ? Milliseconds(originating) : null, actual.OriginatingTime);
        if (expected.Group is null)
        {
            Assert.Null(actual.Group);
        }
        else
        {
            Assert.NotNull(actual.Group);
            Assert.Equal(expected.Group.Id, actual.Group.Id);
            Assert.Equal(expected.Group.Name, actual.Group.Name);
            Assert.Equal(expected.Group.AlternateIdentifiers, actual.Group.AlternateIdentifiers);
        }
    }

    private static void AssertSameParty(ChatParty expected, ChatParty actual)
    {
        Assert.Equal(expected.Identifier, actual.Identifier);
        Assert.Equal(expected.DisplayName, actual.DisplayName);
        Assert.Equal(expected.AlternateIdentifiers, actual.AlternateIdentifiers);
    }
}
