using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// The server's TTL monitor, the backup to the stores' own DeleteExpired/DeleteOlderThan. It runs about once
// a minute, so this waits up to three minutes; the stand-in has no TTL monitor at all.
public sealed class MongoTtlExpiryTests : IAsyncDisposable
{
    private readonly MongoTestDatabase _database = new();
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    [Trait("Requires", MongoTestServer.RealMongo)]
    public async Task The_server_removes_expired_sessions_throttle_records_and_old_audit_events()
    {
        MongoTestServer.RequireRealMongo("the stand-in has no TTL monitor");
        _services = StorageTestHost.Build(_database.StorageSettings());
        await _services.InitializeStorageAsync(Ct);
        var now = DateTimeOffset.UtcNow;

        await _services.GetRequiredService<ILoginSessionStore>().CreateAsync(
            new LoginSession("expired", "alice", now.AddDays(-2), now.AddDays(-2), now.AddDays(-1), null, null), Ct);
        await _services.GetRequiredService<ILoginSessionStore>().CreateAsync(
            new LoginSession("live", "alice", now, now, now.AddDays(1), null, null), Ct);
        await _services.GetRequiredService<ILoginThrottleStore>().SaveAsync(
            new LoginThrottleRecord("alice|x", "alice", "x", 3, now.AddHours(-2), null, now.AddHours(-1)), Ct);
        await _services.GetRequiredService<IAuditLogStore>().AppendAsync(
            new AuditEvent(now.AddDays(-31), "login_success", "alice", null, null, null, new Dictionary<string, string>()), Ct);
        await _services.GetRequiredService<IAuditLogStore>().AppendAsync(
            new AuditEvent(now, "login_success", "alice", null, null, null, new Dictionary<string, string>()), Ct);

        var context = _services.GetRequiredService<MongoDatabaseContext>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await RemainingAsync(context) > 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        }

        Assert.Equal(1, await CountAsync(context, MongoCollections.LoginSessions));
        Assert.Equal(0, await CountAsync(context, MongoCollections.LoginThrottle));
        Assert.Equal(1, await CountAsync(context, MongoCollections.AuditLog));
    }

    private static async Task<long> RemainingAsync(MongoDatabaseContext context) =>
        await CountAsync(context, MongoCollections.LoginSessions)
        + await CountAsync(context, MongoCollections.LoginThrottle)
        + await CountAsync(context, MongoCollections.AuditLog);

    private static Task<long> CountAsync(MongoDatabaseContext context, string collection) =>
        context.Collection(collection).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct);
}
