namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteTrackedPeriodStoreTests() : TrackedPeriodStoreContract(new SqliteTestDatabase());
