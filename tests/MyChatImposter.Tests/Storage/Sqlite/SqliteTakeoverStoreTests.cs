namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteTakeoverStoreTests() : TakeoverStoreContract(new SqliteTestDatabase());
