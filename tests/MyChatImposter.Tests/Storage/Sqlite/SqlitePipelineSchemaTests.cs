using Microsoft.Data.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// The tables behind the pipeline's stores: strict, their constraints enforced, and the stores' queries
// served by their indexes.
public sealed class SqlitePipelineSchemaTests : SqliteSchemaTest
{
    [Theory]
    [InlineData("message_archive")]
    [InlineData("dead_letters")]
    [InlineData("chat_sessions")]
    [InlineData("llm_interactions")]
    public async Task Tables_are_strict(string table)
    {
        Assert.Equal(1L, await ScalarAsync($"SELECT strict FROM pragma_table_list WHERE name = '{table}';"));
    }

    [Theory]
    [InlineData(
        "SELECT id FROM message_archive WHERE user_id = 'u' AND correspondent_id = 'c' ORDER BY id DESC LIMIT 1",
        "message_archive_by_correspondent")]
    [InlineData(
        "SELECT * FROM message_archive WHERE user_id = 'u' AND correspondent_id = 'c' AND id > 0 ORDER BY id LIMIT 100",
        "message_archive_by_correspondent")]
    [InlineData("SELECT * FROM dead_letters WHERE user_id = 'u' ORDER BY id DESC LIMIT 100", "dead_letters_by_user")]
    [InlineData("SELECT * FROM llm_interactions WHERE user_id = 'u' AND id < 9 ORDER BY id DESC LIMIT 50", "llm_interactions_by_user")]
    [InlineData("DELETE FROM llm_interactions WHERE started_at < 't'", "llm_interactions_by_start")]
    public async Task Queries_use_their_indexes(string query, string index)
    {
        var plan = string.Join("\n", await ColumnAsync($"EXPLAIN QUERY PLAN {query};", column: 3));

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    // Each row breaks one CHECK: sender not JSON, group not JSON, an unknown source.
    [Theory]
    [InlineData("'not json'", "'user'", "NULL")]
    [InlineData("'{}'", "'user'", "'{\"identifier\":\"x\"'")]
    [InlineData("'{}'", "'owner'", "NULL")]
    public async Task The_archive_refuses_malformed_rows(string sender, string source, string group)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync($"""
            INSERT INTO message_archive (user_id, provider_name, correspondent_id, id, provider_message_id, content,
                sender, source, accepted_time, originating_time, group_json)
            VALUES ('u', 'p', 'c', 1, 'm', 'text', {sender}, {source}, 't', NULL, {group});
            """));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("bot")]
    [InlineData("user_outgoing")]
    public async Task The_archive_takes_each_known_source(string source)
    {
        await ScalarAsync($$"""
            INSERT INTO message_archive (user_id, provider_name, correspondent_id, id, provider_message_id, content,
                sender, source, accepted_time, originating_time, group_json)
            VALUES ('u', 'p', 'c', 1, 'm', 'text', '{"identifier":"c"}', '{{source}}', 't', NULL, NULL);
            """);

        Assert.Equal(source, await ScalarAsync("SELECT source FROM message_archive;"));
    }

    // Each row breaks one CHECK: a prompt that is not a JSON array, both answer and error, neither.
    [Theory]
    [InlineData("'not json'", "'a'", "NULL")]
    [InlineData("'{}'", "'a'", "NULL")]
    [InlineData("'[]'", "'a'", "'e'")]
    [InlineData("'[]'", "NULL", "NULL")]
    public async Task Interactions_refuse_malformed_rows(string prompt, string answer, string error)
    {
        var failure = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync($"""
            INSERT INTO llm_interactions (user_id, started_at, duration_ms, provider, model, prompt, answer, error)
            VALUES ('u', 't', 1, 'p', 'm', {prompt}, {answer}, {error});
            """));

        Assert.Contains("CHECK constraint failed", failure.Message, StringComparison.Ordinal);
    }
}
