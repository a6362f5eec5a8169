using Microsoft.Data.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// The owner-control tables (migration 17): strict, their rules enforced by the database, the stores' queries
// served by their indexes.
public sealed class SqliteOwnerControlSchemaTests : SqliteSchemaTest
{
    private const string InsertDraft = """
        INSERT INTO drafts (id, user_id, correspondent_id, answered, text, state, created_at, expires_at)
        """;

    [Theory]
    [InlineData("drafts")]
    [InlineData("takeovers")]
    [InlineData("reply_history")]
    public async Task The_tables_are_strict(string table)
    {
        Assert.Equal(1L, await ScalarAsync($"SELECT strict FROM pragma_table_list WHERE name = '{table}';"));
    }

    [Theory]
    [InlineData("SELECT * FROM drafts WHERE user_id = 'u' AND correspondent_id = 'c' AND state = 'pending'", "drafts_one_pending")]
    [InlineData("SELECT * FROM drafts WHERE user_id = 'u' AND number < 9 ORDER BY number DESC LIMIT 10", "drafts_by_user")]
    [InlineData("SELECT * FROM drafts WHERE user_id = 'u' AND state = 'monitored' ORDER BY number DESC LIMIT 10", "drafts_by_state")]
    [InlineData("SELECT number FROM drafts WHERE state = 'pending' AND expires_at <= 't'", "drafts_pending_expiry")]
    [InlineData("SELECT number FROM drafts WHERE state <> 'pending' AND COALESCE(decided_at, created_at) < 't'", "drafts_decided")]
    [InlineData("SELECT * FROM takeovers WHERE user_id = 'u' ORDER BY since DESC LIMIT 10", "takeovers_by_user")]
    [InlineData("SELECT * FROM takeovers WHERE until IS NOT NULL AND until < 't'", "takeovers_ended")]
    [InlineData("SELECT * FROM reply_history WHERE user_id = 'u' AND id < 9 ORDER BY id DESC LIMIT 10", "reply_history_by_user")]
    [InlineData("SELECT * FROM reply_history WHERE user_id = 'u' AND correspondent_id = 'c' ORDER BY id DESC LIMIT 10",
        "reply_history_by_conversation")]
    [InlineData("SELECT id FROM reply_history WHERE at < 't'", "reply_history_by_time")]
    public async Task Queries_use_their_indexes(string query, string index)
    {
        var plan = string.Join("\n", await ColumnAsync($"EXPLAIN QUERY PLAN {query};", column: 3));

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_pending_draft_in_a_conversation_is_refused_but_decided_ones_are_not()
    {
        await ScalarAsync($"{InsertDraft} VALUES ('d1', 'u', 'c', '[]', 'x', 'pending', 't', 't');");
        await ScalarAsync($"{InsertDraft} VALUES ('d2', 'u', 'c', '[]', 'x', 'rejected', 't', 't');");
        await ScalarAsync($"{InsertDraft} VALUES ('d3', 'u', 'c', '[]', 'x', 'rejected', 't', 't');");

        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync($"{InsertDraft} VALUES ('d4', 'u', 'c', '[]', 'x', 'pending', 't', 't');"));

        Assert.Contains("UNIQUE constraint failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"{InsertDraft} VALUES ('d', 'u', 'c', '{{}}', 'x', 'pending', 't', 't');")]
    [InlineData($"{InsertDraft} VALUES ('d', 'u', 'c', '[]', 'x', 'queued', 't', 't');")]
    [InlineData("INSERT INTO reply_history (user_id, correspondent_id, kind, at) VALUES ('u', 'c', 'sent', 't');")]
    public async Task The_tables_refuse_an_unknown_state_or_kind_and_answered_that_is_not_an_array(string insert)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(insert));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }
}
