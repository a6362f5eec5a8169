namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteAuditLogStoreTests() : AuditLogStoreContract(new SqliteTestDatabase());
