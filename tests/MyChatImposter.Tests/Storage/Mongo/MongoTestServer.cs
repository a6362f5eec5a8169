namespace MyChatImposter.Tests.Storage.Mongo;

// The MongoDB server the tests may use, from the environment: MONGODB_URL points at it, and MONGODB_STANDIN=1
// says it is the wire-protocol stand-in of tests/mongo-standin (no TTL expiry, $push, drop, listCollections,
// and findOneAndUpdate not atomic).
//
// A test that needs what the stand-in lacks carries [Trait("Requires", RealMongo)] and calls
// RequireRealMongo(reason) first, so CI reports it as skipped with the reason instead of failing it.
internal static class MongoTestServer
{
    public const string RealMongo = "RealMongo";

    public static bool IsStandIn => Environment.GetEnvironmentVariable("MONGODB_STANDIN") == "1";

    // Skips the calling test when no server is configured (fails it under CI).
    public static string RequireUrl()
    {
        var url = Environment.GetEnvironmentVariable("MONGODB_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            const string missing = "MONGODB_URL is not set: `bash .ci/run` installs and starts the MongoDB stand-in " +
                "(tests/mongo-standin) and runs every test against it; or point MONGODB_URL at a MongoDB server.";
            Requirement.Missing(missing);
        }
        return url;
    }

    public static string RequireRealMongo(string reason)
    {
        var url = RequireUrl();
        if (IsStandIn)
        {
            Assert.Skip($"needs a real MongoDB (MONGODB_STANDIN=1): {reason}");
        }
        return url;
    }
}
