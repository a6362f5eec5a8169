namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteConversationContextStoreTests() : ConversationContextStoreContract(new SqliteTestDatabase());
