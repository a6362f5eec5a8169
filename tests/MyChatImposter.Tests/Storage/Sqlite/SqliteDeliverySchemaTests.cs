using Microsoft.Data.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// The delivery queue's table: strict, its invariants enforced by the database, the store's queries served
// by its indexes.
public sealed class SqliteDeliverySchemaTests : SqliteSchemaTest
{
    private const string Insert = """
        INSERT INTO delivery_items (id, user_id, recipient, origin, message_type, content, state, attempts, created_at,
            provider_message_id, sent_at)
        """;

    [Fact]
    public async Task The_table_is_strict()
    {
        Assert.Equal(1L, await ScalarAsync("SELECT strict FROM pragma_table_list WHERE name = 'delivery_items';"));
    }

    [Theory]
    [InlineData("SELECT * FROM delivery_items WHERE user_id = 'u' AND state = 'failed' AND seq > 0 ORDER BY seq LIMIT 100",
        "delivery_items_by_state")]
    [InlineData("SELECT MIN(seq) FROM delivery_items WHERE user_id = 'u' AND state = 'active' GROUP BY recipient",
        "delivery_items_by_recipient")]
    [InlineData("SELECT recipient, sent_at FROM delivery_items WHERE user_id = 'u' AND state = 'sent' AND sent_at >= 't' ORDER BY sent_at",
        "delivery_items_sent")]
    [InlineData("SELECT seq FROM delivery_items WHERE state = 'sent' AND sent_at < 't'", "delivery_items_sent_retention")]
    [InlineData("SELECT seq FROM delivery_items WHERE (state = 'sent' AND sent_at < 't') OR (state = 'withdrawn' AND withdrawn_at < 't')",
        "delivery_items_withdrawn_retention")]
    public async Task Queries_use_their_indexes(string query, string index)
    {
        var plan = string.Join("\n", await ColumnAsync($"EXPLAIN QUERY PLAN {query};", column: 3));

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    // Each row breaks one rule: content not JSON, an unknown state, sent without the provider's id, a
    // provider id on an item that is not sent, negative attempts, withdrawn without its time.
    [Theory]
    [InlineData("'not json'", "'active'", "0", "NULL", "NULL")]
    [InlineData("'\"x\"'", "'queued'", "0", "NULL", "NULL")]
    [InlineData("'\"x\"'", "'sent'", "1", "NULL", "'t'")]
    [InlineData("'\"x\"'", "'active'", "1", "'p'", "'t'")]
    [InlineData("'\"x\"'", "'active'", "-1", "NULL", "NULL")]
    [InlineData("'\"x\"'", "'withdrawn'", "0", "NULL", "NULL")]
    public async Task The_table_refuses_inconsistent_rows(string content, string state, string attempts, string providerMessageId, string sentAt)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(
            $"{Insert} VALUES ('i', 'u', 'r', 'o', 'text', {content}, {state}, {attempts}, 't', {providerMessageId}, {sentAt});"));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }
}
