using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The message archive at the original's paths (spec/08 §3): every archived message of a user, grouped by
// correspondent, and its deletion (which also clears the live session's windows, so ids restart at 1).
public static class ArchiveApi
{
    // What the original answered for documents without a correspondent.
    public const string MissingCorrespondent = "__missing_correspondent_id__";
    private const int PageSize = 1_000;

    public static void MapArchiveApi(this IEndpointRouteBuilder api)
    {
        // Every route checks the user id (400).
        var archive = api.MapBotRoutes("/features/automatic_bot_reply/queue", "Message archive").ProducesValidationProblem();

        archive.MapGet("/{user_id}", GetAll).WithSummary("Every archived message of a bot, grouped by correspondent.")
            .WithDescription("An object keyed by correspondent id, each holding that conversation's messages in order.");
        archive.MapGet("/{user_id}/{correspondent_id}", GetOne).WithSummary("A bot's archived messages with one correspondent, in order, paged by after_id.");
        archive.MapDelete("/{user_id}", DeleteAll).WithSummary("Deletes every archived message of a bot.")
            .WithDescription("Also clears the live session's windows, so message ids restart at 1. 404 when there was nothing to delete.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        archive.MapDelete("/{user_id}/{correspondent_id}", DeleteOne).WithSummary("Deletes a bot's archived messages with one correspondent.")
            .WithDescription("404 when there was nothing to delete.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    // The original's document shape, without the user, provider and correspondent fields; times in ms.
    public sealed record MessageView(
        long Id, string Content, PartyView Sender, string Source, long AcceptedTime, int MessageSize,
        long? OriginatingTime, PartyView? Group, string ProviderMessageId);

    public sealed record PartyView(string Identifier, string? DisplayName, IReadOnlyList<string> AlternateIdentifiers);

    public static MessageView View(ArchivedMessage message) => new(
        message.Id, message.Content,
        new PartyView(message.Sender.Identifier, message.Sender.DisplayName, message.Sender.AlternateIdentifiers),
        message.Source switch { MessageSource.Bot => "bot", MessageSource.UserOutgoing => "user_outgoing", _ => "user" },
        message.AcceptedTime.ToUnixTimeMilliseconds(), message.MessageSize, message.OriginatingTime?.ToUnixTimeMilliseconds(),
        message.Group is null ? null : new PartyView(message.Group.Id, message.Group.Name, message.Group.AlternateIdentifiers),
        message.ProviderMessageId);

    private static async Task<Results<Ok<Dictionary<string, List<MessageView>>>, ProblemHttpResult>> GetAll([FromRoute(Name = "user_id")] string userId, IMessageArchive archive, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var grouped = new Dictionary<string, List<MessageView>>(StringComparer.Ordinal);
        foreach (var correspondent in await archive.CorrespondentsAsync(userId, cancellationToken))
        {
            grouped[correspondent] = await ReadAllAsync(archive, userId, correspondent, cancellationToken);
        }
        return TypedResults.Ok(grouped);
    }

    private static async Task<Results<Ok<List<MessageView>>, ProblemHttpResult>> GetOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "correspondent_id")] string correspondentId,
        IMessageArchive archive, CancellationToken cancellationToken, [FromQuery(Name = "after_id")] long afterId = 0, int limit = PageSize)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        if (Problems.InvalidLimit(limit, PageSize) is { } invalidLimit)
        {
            return invalidLimit;
        }
        var page = await archive.ReadAsync(userId, correspondentId, afterId, limit, cancellationToken);
        return TypedResults.Ok(page.Select(View).ToList());
    }

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteAll([FromRoute(Name = "user_id")] string userId, ArchiveDeletion deletion, CancellationToken cancellationToken) =>
        DeleteAsync(userId, null, deletion, cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "correspondent_id")] string correspondentId,
        ArchiveDeletion deletion, CancellationToken cancellationToken) =>
        DeleteAsync(userId, correspondentId, deletion, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string userId, string? correspondentId, ArchiveDeletion deletion, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var deleted = await deletion.DeleteAsync(userId, correspondentId, cancellationToken);
        return deleted > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Nothing to delete",
                detail: correspondentId is null ? $"'{userId}' has no archived messages." : $"No archived messages with '{correspondentId}'.",
                statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<List<MessageView>> ReadAllAsync(IMessageArchive archive, string userId, string correspondentId, CancellationToken cancellationToken)
    {
        var all = new List<MessageView>();
        long after = 0;
        while (true)
        {
            var page = await archive.ReadAsync(userId, correspondentId, after, PageSize, cancellationToken);
            all.AddRange(page.Select(View));
            if (page.Count < PageSize)
            {
                return all;
            }
            after = page[^1].Id;
        }
    }
}
