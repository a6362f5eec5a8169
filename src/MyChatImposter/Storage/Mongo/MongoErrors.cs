using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

internal static class MongoErrors
{
    // A server reports it as a write error; some wire-compatible servers as a command error with the same code.
    public static bool IsDuplicateKey(MongoException exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException command => command.Code == 11000,
        _ => false,
    };
}
