using Microsoft.Data.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// The table behind the conversation context store: strict, one row per (user, key), entries a JSON array.
public sealed class SqliteAutoReplySchemaTests : SqliteSchemaTest
{
    [Fact]
    public async Task The_context_table_is_strict()
    {
        Assert.Equal(1L, await ScalarAsync("SELECT strict FROM pragma_table_list WHERE name = 'conversation_context';"));
    }

    [Theory]
    [InlineData("'not json'")]
    [InlineData("'{\"content\":\"x\"}'")]
    public async Task Entries_that_are_not_a_json_array_are_refused(string entries)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(
            $"INSERT INTO conversation_context (user_id, context_key, entries, updated_at) VALUES ('u', 'k', {entries}, 't');"));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_holds_one_history()
    {
        await ScalarAsync("INSERT INTO conversation_context (user_id, context_key, entries, updated_at) VALUES ('u', 'k', '[]', 't');");

        var error = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(
            "INSERT INTO conversation_context (user_id, context_key, entries, updated_at) VALUES ('u', 'k', '[]', 't');"));

        Assert.Contains("UNIQUE constraint failed", error.Message, StringComparison.Ordinal);
    }
}
