namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteLoginSessionStoreTests() : LoginSessionStoreContract(new SqliteTestDatabase());
