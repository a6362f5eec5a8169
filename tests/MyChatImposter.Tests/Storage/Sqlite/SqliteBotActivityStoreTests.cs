namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteBotActivityStoreTests() : BotActivityStoreContract(new SqliteTestDatabase());
