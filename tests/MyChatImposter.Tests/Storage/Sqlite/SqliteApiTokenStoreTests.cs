using MyChatImposter.Accounts.Tokens;

namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteApiTokenStoreTests() : ApiTokenStoreContract(new SqliteTestDatabase());

// The host reads tokens through CachedApiTokenStore; every read-after-write of the contract holds through it.
public sealed class CachedSqliteApiTokenStoreTests() : ApiTokenStoreContract(new SqliteTestDatabase())
{
    protected override IApiTokenStore Wrap(IApiTokenStore store, IServiceProvider services) =>
        new CachedApiTokenStore(store, TimeProvider.System);
}
