namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteLoginThrottleStoreTests() : LoginThrottleStoreContract(new SqliteTestDatabase());
