namespace MyChatImposter.Api;

// Messages a pipeline stage failed on: all users for admins, one's own for the owner.
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dead-letters", (IDeadLetterStore store, CancellationToken cancellationToken, int limit = 100) =>
                ListAsync(store, null, limit, cancellationToken))
            .WithTags("Dead letters").RequireAuthorization(ApiPolicies.Admin);
        api.MapBotRoutes("/users/{user_id}/dead-letters", "Dead letters").MapGet("/", ([FromRoute(Name = "user_id")] string userId,
            IDeadLetterStore store, CancellationToken cancellationToken, int limit = 100) => ListAsync(store, userId, limit, cancellationToken));
        return api;
    }

    private static async Task<IResult> ListAsync(IDeadLetterStore store, string? userId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid limit", "limit", "must be between 1 and 500.");
        }
        return TypedResults.Ok(new
        {
            total = await store.CountAsync(userId, cancellationToken),
            dead_letters = await store.ListAsync(userId, limit, cancellationToken),
        });
    }
}
