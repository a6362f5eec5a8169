namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteDataProtectionKeyStoreTests() : DataProtectionKeyStoreContract(new SqliteTestDatabase());
