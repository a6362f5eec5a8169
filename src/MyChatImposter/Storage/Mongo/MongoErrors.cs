using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// How the stores tell a duplicate key from other failures: the one place that knows MongoDB's code for it.
internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;

    // An insert or update reports it as a write error; findAndModify (FindOneAndUpdate) as a command error with
    // the code, and so do some wire-compatible servers for every write.
    public static bool IsDuplicateKey(MongoException exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };

    // An unordered insert of many that wrote every row but some refused for a duplicate key, and nothing else
    // went wrong (no write concern error, no row left unprocessed).
    public static bool OnlyDuplicateKeys<T>(MongoBulkWriteException<T> exception) =>
        exception.WriteConcernError is null
        && exception.UnprocessedRequests.Count == 0
        && exception.WriteErrors.Count > 0
        && exception.WriteErrors.All(error => error.Category == ServerErrorCategory.DuplicateKey);
}
