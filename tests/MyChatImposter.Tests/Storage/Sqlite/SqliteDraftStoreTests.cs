namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteDraftStoreTests() : DraftStoreContract(new SqliteTestDatabase());
