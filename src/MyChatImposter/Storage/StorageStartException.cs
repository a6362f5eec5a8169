namespace MyChatImposter.Storage;

// The database cannot be used at start, for a reason the operator fixes (an unreachable server, a file a newer
// build migrated): the host says it in one line and exits 1, instead of an unhandled exception's stack.
public class StorageStartException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
