namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteWebhookSubscriptionStoreTests() : WebhookSubscriptionStoreContract(new SqliteTestDatabase());
