using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Storage.Sqlite;

// The host reads accounts and login sessions through CachedAccountStore and CachedLoginSessionStore; every
// read-after-write of the store contracts must hold through them as well.
public sealed class CachedSqliteAccountStoreTests() : AccountStoreContract(new SqliteTestDatabase())
{
    protected override IAccountStore Wrap(IAccountStore store, IServiceProvider services) =>
        new CachedAccountStore(store, TimeProvider.System);
}

public sealed class CachedSqliteLoginSessionStoreTests() : LoginSessionStoreContract(new SqliteTestDatabase())
{
    protected override ILoginSessionStore Wrap(ILoginSessionStore store, IServiceProvider services) =>
        new CachedLoginSessionStore(store, TimeProvider.System);
}
