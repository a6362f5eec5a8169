namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteChatSessionStoreTests() : ChatSessionStoreContract(new SqliteTestDatabase());
