using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Messages a pipeline stage failed on: all users for admins, one's own for the owner.
public static class DeadLettersApi
{
    public static void MapDeadLettersApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("").WithTags("Dead letters").RequireAuthorization(ApiPolicies.Admin)
            .MapGet("/dead-letters", (IDeadLetterStore store, CancellationToken cancellationToken, int limit = 100) =>
                ListAsync(store, null, limit, cancellationToken))
            .WithSummary("Messages a pipeline stage failed on, of every bot, newest first.")
            .ProducesValidationProblem();
        api.MapBotRoutes("/users/{user_id}/dead-letters", "Dead letters")
            .MapGet("/", ([FromRoute(Name = "user_id")] string userId, IDeadLetterStore store, CancellationToken cancellationToken,
                int limit = 100) => ListAsync(store, userId, limit, cancellationToken))
            .WithSummary("Messages a pipeline stage failed on, of one bot, newest first.")
            .ProducesValidationProblem();
    }

    // total: all of them, however many the page holds.
    public sealed record DeadLetterPage(long Total, IReadOnlyList<DeadLetter> DeadLetters);

    private static async Task<Results<Ok<DeadLetterPage>, ProblemHttpResult>> ListAsync(
        IDeadLetterStore store, string? userId, int limit, CancellationToken cancellationToken)
    {
        if (Problems.InvalidLimit(limit, PipelinePaging.MaxDeadLetterPage) is { } invalidLimit)
        {
            return invalidLimit;
        }
        return TypedResults.Ok(new DeadLetterPage(
            await store.CountAsync(userId, cancellationToken),
            await store.ListAsync(userId, limit, cancellationToken)));
    }
}
