using System.Net;
using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Storage.Mongo;
using MyChatImposter.Tests.Storage;

namespace MyChatImposter.Tests.Accounts;

// Accounts the original created hold a plain bcrypt hash (Python `bcrypt.hashpw`, spec/07 §8); the fixture is
// a vector from the Python library's own tests, so the hash below is one that library wrote.
public sealed class OriginalPasswordHashTests : IAsyncDisposable
{
    private const string UserId = "legacy";
    private static readonly OriginalHash Vector = OriginalHash.Load();

    private readonly List<IAsyncDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record OriginalHash(string Password, string Hash)
    {
        public static OriginalHash Load()
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Accounts", "Fixtures", "original-bcrypt-hash.json")));
            return new(json.RootElement.GetProperty("password").GetString()!, json.RootElement.GetProperty("hash").GetString()!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_account_with_the_originals_hash_signs_in_and_is_rehashed_in_the_current_form()
    {
        var app = Own(new ImposterApp());
        await StoreAccountAsync(app, Vector.Hash);

        var response = await app.CreateClient("10.0.0.1").LoginAsync(UserId, Vector.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await app.Service<IAccountStore>().GetAsync(UserId, Ct))!;
        Assert.NotEqual(Vector.Hash, stored.PasswordHash);
        Assert.Equal(PasswordMatch.Current, app.Service<PasswordHasher>().Check(Vector.Password, stored.PasswordHash));
        var audit = await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: AuditEvents.PasswordRehashed), Ct);
        Assert.Equal(UserId, Assert.Single(audit).TargetUserId);

        // The new hash signs in as well, from a fresh client.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient("10.0.0.2").LoginAsync(UserId, Vector.Password)).StatusCode);
        Assert.Single(await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: AuditEvents.PasswordRehashed), Ct));
    }

    [Fact]
    public async Task A_wrong_password_against_the_originals_hash_fails_and_leaves_it_unchanged()
    {
        var app = Own(new ImposterApp());
        await StoreAccountAsync(app, Vector.Hash);

        var response = await app.CreateClient("10.0.0.1").LoginAsync(UserId, Vector.Password + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Vector.Hash, (await app.Service<IAccountStore>().GetAsync(UserId, Ct))!.PasswordHash);
    }

    [Fact]
    public void The_plain_form_is_checked_only_after_the_current_form_fails()
    {
        var hasher = new PasswordHasher();
        var current = PasswordHasher.Hash(Vector.Password);

        Assert.Equal(PasswordMatch.Current, hasher.Check(Vector.Password, current));
        Assert.Equal(PasswordMatch.Legacy, hasher.Check(Vector.Password, Vector.Hash));
        Assert.Equal(PasswordMatch.None, hasher.Check("wrong", Vector.Hash));
        Assert.Equal(PasswordMatch.None, hasher.Check("wrong", current));
        Assert.Equal(PasswordMatch.None, hasher.Check(Vector.Password, null));
    }

    [Fact]
    public async Task An_originals_credentials_document_in_MongoDB_signs_in_and_keeps_its_id()
    {
        var database = Own(new MongoTestDatabase());
        var app = Own(new ImposterApp(database.StorageSettings().ToDictionary(setting => setting.Key, setting => setting.Value!)));
        var credentials = app.Service<MongoDatabaseContext>().Collection(MongoCollections.Accounts);
        var id = ObjectId.GenerateNewId();
        // Exactly what the original's admin script wrote: no disabled flag, no times.
        await credentials.InsertOneAsync(new BsonDocument
        {
            { "_id", id }, { "user_id", UserId }, { "password_hash", Vector.Hash }, { "role", "user" },
        }, cancellationToken: Ct);

        var response = await app.CreateClient("10.0.0.1").LoginAsync(UserId, Vector.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await credentials.Find(Builders<BsonDocument>.Filter.Eq("user_id", UserId)).SingleAsync(Ct);
        Assert.Equal(id, raw["_id"]);
        Assert.Equal(PasswordMatch.Current, app.Service<PasswordHasher>().Check(Vector.Password, raw["password_hash"].AsString));
    }

    private static async Task StoreAccountAsync(ImposterApp app, string hash)
    {
        var now = app.Time.GetUtcNow();
        Assert.True(await app.Service<IAccountStore>().CreateAsync(new Account(UserId, AccountRole.User, hash, false, now, now), Ct));
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
