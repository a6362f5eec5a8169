namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteReplyHistoryStoreTests() : ReplyHistoryStoreContract(new SqliteTestDatabase());
