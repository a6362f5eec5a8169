using System.Diagnostics.CodeAnalysis;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;

namespace MyChatImposter.Tests.Storage;

// What every IAuditLogStore must do, run once per backend by the classes deriving from this one.
public abstract class AuditLogStoreContract(TestDatabase database) : StoreContract<IAuditLogStore>(database)
{
    protected static AuditEvent NewEvent(
        string eventType, string? actor, string? target = null, int minutes = 0,
        IReadOnlyDictionary<string, string>? details = null) => new(
        T0.AddMinutes(minutes), eventType, actor, target, "203.0.113.7", "curl/8.5", details ?? new Dictionary<string, string>());

    // Appends in order; returns what QueryAsync should give back, newest first.
    private static async Task<List<AuditEvent>> AppendAllAsync(IAuditLogStore store, params AuditEvent[] events)
    {
        foreach (var auditEvent in events)
        {
            await store.AppendAsync(auditEvent, Ct);
        }
        return events.Reverse().ToList();
    }

    [Fact]
    public async Task Append_then_query_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var full = new AuditEvent(
            new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(-5)).AddTicks(3),
            "account_disabled", "root", "alice", "2001:db8::1", "Mozilla/5.0 \"quoted\"",
            new Dictionary<string, string>
            {
                ["reason"] = "left the family",
                ["note"] = "שלום 👋 \\ \" {}",
                ["empty"] = "",
            });
        var sparse = new AuditEvent(T0, "login_failed", null, null, null, null, new Dictionary<string, string>());

        await store.AppendAsync(full, Ct);
        await store.AppendAsync(sparse, Ct);
        var read = await store.QueryAsync(new AuditQuery(), Ct);

        Assert.Equal(2, read.Count);
        AssertSameEvent(sparse, read[0]);
        AssertSameEvent(full, read[1]);
        Assert.All(read, e => Assert.False(string.IsNullOrEmpty(e.Id)));
        Assert.NotEqual(read[0].Id, read[1].Id);
    }

    [Fact]
    public async Task Query_is_newest_first_in_insertion_order()
    {
        var store = await OpenStoreAsync();
        // Insertion decides, not the timestamp: a late-arriving older event is still the newest row.
        var expected = await AppendAllAsync(store,
            NewEvent("a", "u1", minutes: 1),
            NewEvent("b", "u1", minutes: 2),
            NewEvent("c", "u1", minutes: 3),
            NewEvent("d", "u1", minutes: 0));

        var read = await store.QueryAsync(new AuditQuery(), Ct);

        Assert.Equal(expected.Select(e => e.EventType), read.Select(e => e.EventType));
        Assert.Empty(await store.QueryAsync(new AuditQuery(EventType: "none"), Ct));
    }

    [Fact]
    public async Task Event_type_filter_selects_that_type_only()
    {
        var store = await OpenStoreAsync();
        await AppendAllAsync(store,
            NewEvent("login_success", "alice", minutes: 1),
            NewEvent("login_failed", "alice", minutes: 2),
            NewEvent("login_success", "bob", minutes: 3));

        var read = await store.QueryAsync(new AuditQuery(EventType: "login_success"), Ct);

        Assert.Equal(["bob", "alice"], read.Select(e => e.ActorUserId));
    }

    [Fact]
    public async Task User_filter_matches_the_actor_or_the_target()
    {
        var store = await OpenStoreAsync();
        await AppendAllAsync(store,
            NewEvent("login_success", "alice", minutes: 1),
            NewEvent("account_disabled", "root", target: "alice", minutes: 2),
            NewEvent("account_disabled", "root", target: "bob", minutes: 3),
            NewEvent("password_changed", "alice", target: "alice", minutes: 4),
            NewEvent("login_failed", null, minutes: 5));

        var read = await store.QueryAsync(new AuditQuery(UserId: "alice"), Ct);

        Assert.Equal(["password_changed", "account_disabled", "login_success"], read.Select(e => e.EventType));
        Assert.Equal(
            ["account_disabled", "account_disabled"],
            (await store.QueryAsync(new AuditQuery(UserId: "root"), Ct)).Select(e => e.EventType));
    }

    [Fact]
    public async Task From_and_to_are_inclusive_bounds()
    {
        var store = await OpenStoreAsync();
        await AppendAllAsync(store,
            NewEvent("m0", "u", minutes: 0),
            NewEvent("m1", "u", minutes: 1),
            NewEvent("m2", "u", minutes: 2),
            NewEvent("m3", "u", minutes: 3),
            NewEvent("m4", "u", minutes: 4));

        var between = await store.QueryAsync(new AuditQuery(From: T0.AddMinutes(1), To: T0.AddMinutes(3)), Ct);
        var from = await store.QueryAsync(new AuditQuery(From: T0.AddMinutes(3)), Ct);
        var to = await store.QueryAsync(new AuditQuery(To: T0.AddMinutes(1).AddMilliseconds(-1)), Ct);
        // The same instant written in another offset.
        var instant = await store.QueryAsync(
            new AuditQuery(From: T0.AddMinutes(2).ToOffset(TimeSpan.FromHours(9)), To: T0.AddMinutes(2).ToOffset(TimeSpan.FromHours(-3))), Ct);

        Assert.Equal(["m3", "m2", "m1"], between.Select(e => e.EventType));
        Assert.Equal(["m4", "m3"], from.Select(e => e.EventType));
        Assert.Equal(["m0"], to.Select(e => e.EventType));
        Assert.Equal(["m2"], instant.Select(e => e.EventType));
    }

    [Fact]
    public async Task Filters_combine()
    {
        var store = await OpenStoreAsync();
        await AppendAllAsync(store,
            NewEvent("account_disabled", "root", target: "alice", minutes: 1),
            NewEvent("account_disabled", "root", target: "alice", minutes: 2),
            NewEvent("account_enabled", "root", target: "alice", minutes: 3),
            NewEvent("account_disabled", "root", target: "bob", minutes: 4),
            NewEvent("account_disabled", "alice", target: "carol", minutes: 5),
            NewEvent("account_disabled", "root", target: "alice", minutes: 6));
        var all = await store.QueryAsync(new AuditQuery(), Ct);

        var read = await store.QueryAsync(
            new AuditQuery(EventType: "account_disabled", UserId: "alice", From: T0.AddMinutes(2), To: T0.AddMinutes(5)), Ct);
        var older = await store.QueryAsync(
            new AuditQuery(EventType: "account_disabled", UserId: "alice", Before: all[1].Id), Ct);

        Assert.Equal([5, 2], read.Select(e => (int)(e.Timestamp - T0).TotalMinutes));
        Assert.Equal([2, 1], older.Select(e => (int)(e.Timestamp - T0).TotalMinutes));
    }

    [Fact]
    public async Task Before_pages_through_every_event_once()
    {
        var store = await OpenStoreAsync();
        var expected = await AppendAllAsync(store,
            Enumerable.Range(0, 7).Select(i => NewEvent($"e{i}", "u", minutes: i)).ToArray());

        var pages = new List<IReadOnlyList<AuditEvent>>();
        string? before = null;
        for (var page = 0; page < 4; page++)
        {
            var read = await store.QueryAsync(new AuditQuery(Before: before, Limit: 3), Ct);
            pages.Add(read);
            before = read.Count > 0 ? read[^1].Id : before;
        }

        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(expected.Select(e => e.EventType), pages.SelectMany(p => p).Select(e => e.EventType));
        Assert.Equal(7, pages.SelectMany(p => p).Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_limit_above_500_is_refused()
    {
        var store = await OpenStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 501)
            .Select(i => store.AppendAsync(NewEvent("bulk", "u", minutes: i), Ct)));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryAsync(new AuditQuery(Limit: 501), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryAsync(new AuditQuery(Limit: 10_000), Ct));
        Assert.Equal(500, (await store.QueryAsync(new AuditQuery(Limit: 500), Ct)).Count);
        Assert.Equal(100, (await store.QueryAsync(new AuditQuery(), Ct)).Count);
        Assert.Single(await store.QueryAsync(new AuditQuery(Limit: 1), Ct));
    }

    [Fact]
    public async Task A_limit_below_one_is_refused()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryAsync(new AuditQuery(Limit: 0), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryAsync(new AuditQuery(Limit: -1), Ct));
    }

    [Fact]
    public async Task A_before_that_is_no_id_of_the_store_is_refused()
    {
        var store = await OpenStoreAsync();
        await store.AppendAsync(NewEvent("a", "u"), Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => store.QueryAsync(new AuditQuery(Before: "not an id"), Ct));

        Assert.Contains("not an id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_older_than_removes_events_strictly_before_the_cutoff()
    {
        var store = await OpenStoreAsync();
        await AppendAllAsync(store,
            NewEvent("old", "u", minutes: -60 * 24 * 31),
            NewEvent("older", "u", minutes: -60 * 24 * 40),
            NewEvent("at-cutoff", "u", minutes: 0),
            NewEvent("new", "u", minutes: 1));

        Assert.Equal(2, await store.DeleteOlderThanAsync(T0, Ct));
        Assert.Equal(0, await store.DeleteOlderThanAsync(T0, Ct));

        Assert.Equal(["new", "at-cutoff"], (await store.QueryAsync(new AuditQuery(), Ct)).Select(e => e.EventType));
    }

    [Fact]
    public async Task Append_returns_the_id_the_query_reports()
    {
        var store = await OpenStoreAsync();

        var first = await store.AppendAsync(NewEvent("a", "u"), Ct);
        var second = await store.AppendAsync(NewEvent("b", "u"), Ct);

        Assert.Equal([second, first], (await store.QueryAsync(new AuditQuery(), Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task Replace_details_changes_the_details_of_that_row_only()
    {
        var store = await OpenStoreAsync();
        var tallied = NewEvent("login_rate_limited", null, details: new Dictionary<string, string> { ["count"] = "1" });
        var other = NewEvent("login_rate_limited", null, minutes: 1, details: new Dictionary<string, string> { ["count"] = "1" });
        var id = await store.AppendAsync(tallied, Ct);
        await store.AppendAsync(other, Ct);
        var final = new Dictionary<string, string> { ["count"] = "990", ["last_at"] = T0.AddSeconds(59).ToString("O") };

        Assert.True(await store.ReplaceDetailsAsync(id, final, Ct));

        var read = await store.QueryAsync(new AuditQuery(), Ct);
        AssertSameEvent(tallied with { Details = final }, read[1]);
        Assert.Equal(id, read[1].Id);
        AssertSameEvent(other, read[0]);
    }

    [Fact]
    public async Task Replace_details_of_a_row_that_is_gone_or_of_no_id_is_false()
    {
        var store = await OpenStoreAsync();
        var gone = await store.AppendAsync(NewEvent("old", "u", minutes: -10), Ct);
        await store.AppendAsync(NewEvent("kept", "u"), Ct);
        await store.DeleteOlderThanAsync(T0, Ct);
        var details = new Dictionary<string, string> { ["count"] = "2" };

        Assert.False(await store.ReplaceDetailsAsync(gone, details, Ct));
        Assert.False(await store.ReplaceDetailsAsync("not an id", details, Ct));

        Assert.Empty(Assert.Single(await store.QueryAsync(new AuditQuery(), Ct)).Details);
    }

    [Fact]
    public async Task Trim_keeps_the_newest_rows_in_insertion_order()
    {
        var store = await OpenStoreAsync();
        // The last row is the newest by insertion although its timestamp is the oldest: it stays.
        await AppendAllAsync(store,
            [.. Enumerable.Range(0, 6).Select(i => NewEvent($"e{i}", "u", minutes: i)), NewEvent("late", "u", minutes: -10)]);

        Assert.Equal(new AuditTrim(4, T0.AddMinutes(4)), await store.TrimAsync(maxRows: 6, keep: 3, Ct));

        Assert.Equal(["late", "e5", "e4"], (await store.QueryAsync(new AuditQuery(), Ct)).Select(e => e.EventType));
    }

    [Fact]
    public async Task Trim_deletes_nothing_until_the_log_is_over_its_bound()
    {
        var store = await OpenStoreAsync();

        Assert.Equal(new AuditTrim(0, null), await store.TrimAsync(maxRows: 2, keep: 0, Ct));
        await AppendAllAsync(store, NewEvent("a", "u", minutes: 1), NewEvent("b", "u", minutes: 2), NewEvent("c", "u", minutes: 3));

        Assert.Equal(new AuditTrim(0, T0.AddMinutes(1)), await store.TrimAsync(maxRows: 3, keep: 1, Ct));
        Assert.Equal(3, (await store.QueryAsync(new AuditQuery(), Ct)).Count);
        Assert.Equal(new AuditTrim(2, T0.AddMinutes(3)), await store.TrimAsync(maxRows: 2, keep: 1, Ct));
        Assert.Equal(["c"], (await store.QueryAsync(new AuditQuery(), Ct)).Select(e => e.EventType));
        Assert.Equal(new AuditTrim(1, null), await store.TrimAsync(maxRows: 0, keep: 0, Ct));
        Assert.Empty(await store.QueryAsync(new AuditQuery(), Ct));
    }

    [Fact]
    public async Task Events_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var auditEvent = NewEvent("login_success", "alice", details: new Dictionary<string, string> { ["role"] = "admin" });
        await store.AppendAsync(auditEvent, Ct);

        store = await RestartAsync();

        AssertSameEvent(auditEvent, Assert.Single(await store.QueryAsync(new AuditQuery(), Ct)));
    }

    protected static void AssertSameEvent(AuditEvent expected, [NotNull] AuditEvent? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Milliseconds(expected.Timestamp), Milliseconds(actual.Timestamp));
        Assert.Equal(TimeSpan.Zero, actual.Timestamp.Offset);
        Assert.Equal(expected.EventType, actual.EventType);
        Assert.Equal(expected.ActorUserId, actual.ActorUserId);
        Assert.Equal(expected.TargetUserId, actual.TargetUserId);
        Assert.Equal(expected.ClientIp, actual.ClientIp);
        Assert.Equal(expected.UserAgent, actual.UserAgent);
        Assert.Equal(
            expected.Details.OrderBy(d => d.Key, StringComparer.Ordinal),
            actual.Details.OrderBy(d => d.Key, StringComparer.Ordinal));
    }
}
