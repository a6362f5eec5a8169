using Microsoft.Data.Sqlite;
using MyChatImposter.Webhooks;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `webhook_subscriptions` (migration 20); events as a JSON array.
public sealed class SqliteWebhookSubscriptionStore(SqliteStatements sql) : IWebhookSubscriptionStore
{
    private const string Columns = "id, user_id, url, events, enabled, secret, created_at";

    public Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return sql.ExecuteAsync($"""
            INSERT INTO webhook_subscriptions ({Columns}) VALUES ($id, $userId, $url, $events, $enabled, $secret, $createdAt);
            """, cancellationToken,
            ("$id", subscription.Id), ("$userId", subscription.UserId), ("$url", subscription.Url),
            ("$events", JsonSerializer.Serialize(subscription.Events)), ("$enabled", subscription.Enabled ? 1 : 0),
            ("$secret", subscription.StoredSecret), ("$createdAt", Instant(subscription.CreatedAt)));
    }

    public Task<WebhookSubscription?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM webhook_subscriptions WHERE user_id = $userId AND id = $id;",
            Read, cancellationToken, ("$userId", userId), ("$id", id));

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(string userId, CancellationToken cancellationToken) =>
        sql.QueryAsync($"SELECT {Columns} FROM webhook_subscriptions WHERE user_id = $userId ORDER BY created_at, id;",
            Read, cancellationToken, ("$userId", userId));

    public async Task<bool> UpdateAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return await sql.ExecuteAsync("""
            UPDATE webhook_subscriptions SET url = $url, events = $events, enabled = $enabled, secret = $secret
            WHERE user_id = $userId AND id = $id;
            """, cancellationToken,
            ("$id", subscription.Id), ("$userId", subscription.UserId), ("$url", subscription.Url),
            ("$events", JsonSerializer.Serialize(subscription.Events)), ("$enabled", subscription.Enabled ? 1 : 0),
            ("$secret", subscription.StoredSecret)) == 1;
    }

    public async Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM webhook_subscriptions WHERE user_id = $userId AND id = $id;", cancellationToken,
            ("$userId", userId), ("$id", id)) == 1;

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM webhook_subscriptions WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM webhook_subscriptions WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static WebhookSubscription Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [], reader.GetInt64(4) == 1, reader.GetString(5),
        ReadInstant(reader, 6));
}
