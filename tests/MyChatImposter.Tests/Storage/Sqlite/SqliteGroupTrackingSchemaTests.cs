using Microsoft.Data.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// The tables behind group tracking, and the archive's read by time window: strict, constrained, and served
// by their indexes.
public sealed class SqliteGroupTrackingSchemaTests : SqliteSchemaTest
{
    [Theory]
    [InlineData("tracked_group_periods")]
    [InlineData("group_tracking_state")]
    public async Task Tables_are_strict(string table)
    {
        Assert.Equal(1L, await ScalarAsync($"SELECT strict FROM pragma_table_list WHERE name = '{table}';"));
    }

    [Theory]
    [InlineData(
        "SELECT * FROM message_archive INDEXED BY message_archive_by_time WHERE user_id = 'u' AND correspondent_id = 'c' " +
        "AND COALESCE(originating_time, accepted_time) > 'a' AND COALESCE(originating_time, accepted_time) <= 'b' " +
        "AND id > 0 ORDER BY id LIMIT 1000",
        "message_archive_by_time")]
    [InlineData(
        "SELECT * FROM tracked_group_periods WHERE user_id = 'u' ORDER BY period_end DESC, id DESC LIMIT 100",
        "tracked_group_periods_by_user")]
    [InlineData(
        "SELECT * FROM tracked_group_periods WHERE user_id = 'u' AND group_id = 'g' ORDER BY period_end DESC, id DESC LIMIT 100",
        "sqlite_autoindex_tracked_group_periods_1")]
    public async Task Queries_use_their_indexes(string query, string index)
    {
        var plan = string.Join("\n", await ColumnAsync($"EXPLAIN QUERY PLAN {query};", column: 3));

        Assert.Contains(index, plan, StringComparison.Ordinal);
    }

    // Each row breaks one CHECK: an unknown status, negative counts.
    [Theory]
    [InlineData("'done'", "0", "0", "0")]
    [InlineData("'delivered'", "-1", "0", "0")]
    [InlineData("'delivered'", "0", "-1", "0")]
    [InlineData("'delivered'", "0", "0", "-1")]
    public async Task Periods_refuse_malformed_rows(string status, string messages, string items, string attempts)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync($"""
            INSERT INTO tracked_group_periods (user_id, group_id, display_name, period_start, period_end, status,
                message_count, item_count, attempts, last_error, created_at, updated_at)
            VALUES ('u', 'g', 'G', 's', 'e', {status}, {messages}, {items}, {attempts}, NULL, 'c', 'u');
            """));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }
}
