namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteLlmInteractionStoreTests() : LlmInteractionStoreContract(new SqliteTestDatabase());
