namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteDeadLetterStoreTests() : DeadLetterStoreContract(new SqliteTestDatabase());
