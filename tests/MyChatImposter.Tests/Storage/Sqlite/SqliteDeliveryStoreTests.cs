namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteDeliveryStoreTests() : DeliveryStoreContract(new SqliteTestDatabase());
