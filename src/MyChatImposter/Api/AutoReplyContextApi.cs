using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// What a bot remembers, at the original's path (spec/08 §3): {<correspondent>: [entry, …]} per
// correspondent, or {"SHARED_CONTEXT": [...]} when the bot shares one history. Histories are stored, so this
// answers whether or not the bot runs or auto-reply is on now: it is what the bot recalls when it answers.
// DELETE forgets it all (the original answered 501).
public static class AutoReplyContextApi
{
    public static void MapAutoReplyContextApi(this IEndpointRouteBuilder api)
    {
        var context = api.MapBotRoutes("/features/automatic_bot_reply/context", "Auto-reply context").OnlyForKnownBots();

        context.MapGet("/{user_id}", Get).WithSummary("What a bot remembers of its conversations, per correspondent.")
            .WithDescription("An object keyed by correspondent id, or SHARED_CONTEXT when the bot shares one history, each holding the remembered entries.");
        context.MapDelete("/{user_id}", Clear).WithSummary("Makes a bot forget every conversation it remembers.");
    }

    private static async Task<Ok<Dictionary<string, List<string>>>> Get(
        [FromRoute(Name = "user_id")] string userId, BotMemory memory, CancellationToken cancellationToken)
    {
        var histories = await memory.ReadAsync(userId, cancellationToken);
        return TypedResults.Ok(histories.ToDictionary(
            history => history.Key, history => history.Value.Select(entry => entry.Content).ToList(), StringComparer.Ordinal));
    }

    private static async Task<NoContent> Clear(
        [FromRoute(Name = "user_id")] string userId, BotMemory memory, CancellationToken cancellationToken)
    {
        // Clearing what is already empty is done too: the caller wants the bot to remember nothing.
        await memory.ClearAsync(userId, cancellationToken);
        return TypedResults.NoContent();
    }
}
