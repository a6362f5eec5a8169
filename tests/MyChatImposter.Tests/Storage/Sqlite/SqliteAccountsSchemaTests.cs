namespace MyChatImposter.Tests.Storage.Sqlite;

// The tables behind the account stores: strict, and the stores' queries served by their indexes.
public sealed class SqliteAccountsSchemaTests : SqliteSchemaTest
{
    [Theory]
    [InlineData("accounts")]
    [InlineData("login_sessions")]
    [InlineData("login_throttle")]
    [InlineData("audit_log")]
    [InlineData("data_protection_keys")]
    public async Task Tables_are_strict(string table)
    {
        Assert.Equal(1L, await ScalarAsync($"SELECT strict FROM pragma_table_list WHERE name = '{table}';"));
    }

    [Theory]
    [InlineData("SELECT * FROM login_sessions WHERE user_id = 'u' ORDER BY created_at DESC", "login_sessions_by_user")]
    [InlineData("DELETE FROM login_sessions WHERE expires_at <= 'x' OR last_seen_at <= 'y'", "login_sessions_by_expiry")]
    [InlineData("DELETE FROM login_sessions WHERE expires_at <= 'x' OR last_seen_at <= 'y'", "login_sessions_by_last_seen")]
    [InlineData("DELETE FROM login_throttle WHERE user_id = 'u'", "login_throttle_by_user")]
    [InlineData("DELETE FROM login_throttle WHERE expires_at <= 'x'", "login_throttle_by_expiry")]
    [InlineData("SELECT * FROM login_throttle WHERE locked_until > 'x'", "login_throttle_by_lock")]
    [InlineData("SELECT * FROM audit_log WHERE event_type = 'e' ORDER BY id DESC LIMIT 100", "audit_log_by_event_type")]
    [InlineData("SELECT * FROM audit_log WHERE (actor_user_id = 'u' OR target_user_id = 'u') ORDER BY id DESC LIMIT 100", "audit_log_by_actor")]
    [InlineData("SELECT * FROM audit_log WHERE (actor_user_id = 'u' OR target_user_id = 'u') ORDER BY id DESC LIMIT 100", "audit_log_by_target")]
    [InlineData("DELETE FROM audit_log WHERE timestamp < 'x'", "audit_log_by_timestamp")]
    public async Task Queries_use_their_indexes(string query, string index)
    {
        var plan = string.Join("\n", await ColumnAsync($"EXPLAIN QUERY PLAN {query};", column: 3));

        Assert.Contains(index, plan, StringComparison.Ordinal);
    }
}
