using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Storage.Mongo;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage;

public sealed class AccountStoresRegistrationTests
{
    [Theory]
    [InlineData(typeof(IAccountStore), typeof(SqliteAccountStore), typeof(MongoAccountStore))]
    [InlineData(typeof(ILoginSessionStore), typeof(SqliteLoginSessionStore), typeof(MongoLoginSessionStore))]
    [InlineData(typeof(ILoginThrottleStore), typeof(SqliteLoginThrottleStore), typeof(MongoLoginThrottleStore))]
    [InlineData(typeof(IAuditLogStore), typeof(SqliteAuditLogStore), typeof(MongoAuditLogStore))]
    [InlineData(typeof(IDataProtectionKeyStore), typeof(SqliteDataProtectionKeyStore), typeof(MongoDataProtectionKeyStore))]
    public void The_configured_provider_decides_the_store(Type store, Type sqlite, Type mongo)
    {
        using var sqliteServices = StorageTestHost.Build([new("Storage:Provider", "Sqlite")]);
        // Building the MongoDB client does not connect; nothing is reached here.
        using var mongoServices = StorageTestHost.Build([new("MONGODB_URL", "mongodb://127.0.0.1:1")]);

        Assert.IsType(sqlite, sqliteServices.GetRequiredService(store));
        Assert.IsType(mongo, mongoServices.GetRequiredService(store));
        Assert.Same(sqliteServices.GetRequiredService(store), sqliteServices.GetRequiredService(store));
    }
}
