using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The incoming buffer at the original's paths (spec/08 §3), which answered a placeholder (GET) and 501
// (DELETE). Here it is the running bot's per-correspondent windows (Pipeline/CorrespondentWindows): the
// recent messages of each conversation, cut and bounded by the configuration's queue limits, that the
// bot's features read as the conversation when they answer. They live in memory only; the archive keeps
// every message (GET /queue).
//
// GET answers {<correspondent_id>: [message, …]}, oldest first, each message in the archive's shape (the
// original's `queues` document without user, provider and correspondent), so one client reads both; a bot
// that is not running has nothing waiting: {}. DELETE empties the windows (the next message starts a new
// one; the archive is untouched): 204, or 404 when nothing waited (no running session, or empty windows),
// as deleting from an empty archive answers.
public static class IncomingBufferApi
{
    public static void MapIncomingBufferApi(this IEndpointRouteBuilder api)
    {
        var buffer = api.MapBotRoutes("/features/automatic_bot_reply/incoming-buffer", "Incoming buffer").OnlyForKnownBots();

        buffer.MapGet("/{user_id}", Get).WithSummary("The running bot's recent messages per correspondent, as its features see them")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        buffer.MapDelete("/{user_id}", ClearAll).WithSummary("Empty every correspondent's window of the running bot")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        buffer.MapDelete("/{user_id}/{correspondent_id}", ClearOne).WithSummary("Empty one correspondent's window of the running bot")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<Dictionary<string, List<ArchiveApi.MessageView>>> Get([FromRoute(Name = "user_id")] string userId, ChatSessions sessions)
    {
        var windows = sessions.Get(userId)?.Pipeline.Windows.SnapshotAll()
            ?? new Dictionary<string, IReadOnlyList<ArchivedMessage>>();
        return TypedResults.Ok(windows.ToDictionary(
            window => window.Key, window => window.Value.Select(ArchiveApi.View).ToList(), StringComparer.Ordinal));
    }

    private static Results<NoContent, ProblemHttpResult> ClearAll([FromRoute(Name = "user_id")] string userId, ChatSessions sessions) =>
        Clear(userId, null, sessions);

    private static Results<NoContent, ProblemHttpResult> ClearOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "correspondent_id")] string correspondentId, ChatSessions sessions) =>
        Clear(userId, correspondentId, sessions);

    private static Results<NoContent, ProblemHttpResult> Clear(string userId, string? correspondentId, ChatSessions sessions)
    {
        var cleared = sessions.Get(userId)?.Pipeline.Windows.Clear(correspondentId) ?? 0;
        return cleared > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Nothing waits",
                detail: correspondentId is null
                    ? $"'{userId}' is not running or no message waits in its windows."
                    : $"'{userId}' is not running or no message from '{correspondentId}' waits in its window.",
                statusCode: StatusCodes.Status404NotFound);
    }
}
