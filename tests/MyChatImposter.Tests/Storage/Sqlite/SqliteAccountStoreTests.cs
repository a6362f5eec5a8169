namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteAccountStoreTests() : AccountStoreContract(new SqliteTestDatabase());
