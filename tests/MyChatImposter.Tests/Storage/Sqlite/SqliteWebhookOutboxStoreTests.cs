namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteWebhookOutboxStoreTests() : WebhookOutboxStoreContract(new SqliteTestDatabase());
