using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Personal API tokens: one's own under /auth/tokens, everyone's for administrators under /tokens. A token
// can list and revoke its owner's tokens but not create one (ApiPolicies.PasswordSignIn).
public static class TokensApi
{
    private const string Tag = "API tokens";

    public static void MapTokensApi(this IEndpointRouteBuilder api)
    {
        var mine = api.MapGroup("/auth/tokens").WithTags(Tag).RequireAuthorization(ApiPolicies.AnyUser);
        mine.MapGet("/", ListMine).WithSummary("List your API tokens (never their text)");
        mine.MapDelete("/{token_id}", RevokeMine).WithSummary("Revoke one of your API tokens")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var minting = api.MapGroup("/auth/tokens").WithTags(Tag).RequireAuthorization(ApiPolicies.PasswordSignIn);
        minting.MapPost("/", Create).WithSummary("Create an API token; its text is in this answer only")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var everyone = api.MapGroup("/tokens").WithTags(Tag).RequireAuthorization(ApiPolicies.Admin);
        everyone.MapGet("/", ListAll).WithSummary("List everyone's API tokens, or one user's (administrators)");
        everyone.MapDelete("/{token_id}", RevokeAny).WithSummary("Revoke anyone's API token (administrators)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record NewToken(string? Name, int? ExpiresInDays);

    // The only answer that holds the token's text.
    public sealed record CreatedToken(string Id, string Name, string Token, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

    public sealed record TokenView(
        string Id, string UserId, string Name, string Prefix, string State, DateTimeOffset CreatedAt, string CreatedBy,
        DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy);

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> Create(
        [FromBody] NewToken? body, HttpContext context, ApiTokenService tokens)
    {
        var creation = await tokens.CreateAsync(context.User.UserId()!, body?.Name, body?.ExpiresInDays, context.RequestAborted);
        if (creation is not { Token: { } token, Text: { } text })
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Token not created", creation.Field!, creation.Problem!);
        }
        return TypedResults.Created((string?)null,
            new CreatedToken(token.Id, token.Name, text, token.Prefix, token.CreatedAt, token.ExpiresAt));
    }

    private static async Task<Ok<IReadOnlyList<TokenView>>> ListMine(HttpContext context, ApiTokenService tokens, TimeProvider time) =>
        TypedResults.Ok(Views(await tokens.ListAsync(context.User.UserId()!, context.RequestAborted), time.GetUtcNow()));

    private static async Task<Ok<IReadOnlyList<TokenView>>> ListAll(
        [FromQuery(Name = "user_id")] string? userId, HttpContext context, ApiTokenService tokens, TimeProvider time) =>
        TypedResults.Ok(Views(await tokens.ListAsync(string.IsNullOrEmpty(userId) ? null : userId, context.RequestAborted), time.GetUtcNow()));

    private static Task<Results<NoContent, ProblemHttpResult>> RevokeMine(
        [FromRoute(Name = "token_id")] string tokenId, HttpContext context, ApiTokenService tokens) =>
        RevokeAsync(tokenId, asAdministrator: false, context, tokens);

    private static Task<Results<NoContent, ProblemHttpResult>> RevokeAny(
        [FromRoute(Name = "token_id")] string tokenId, HttpContext context, ApiTokenService tokens) =>
        RevokeAsync(tokenId, asAdministrator: true, context, tokens);

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string tokenId, bool asAdministrator, HttpContext context, ApiTokenService tokens) =>
        await tokens.RevokeAsync(tokenId, context.User.UserId()!, asAdministrator, context.RequestAborted) is null
            ? TypedResults.Problem(title: "Token not found",
                detail: asAdministrator ? "No API token has this id." : "You have no API token with this id.",
                statusCode: StatusCodes.Status404NotFound)
            : TypedResults.NoContent();

    private static IReadOnlyList<TokenView> Views(IReadOnlyList<ApiToken> tokens, DateTimeOffset now) =>
        [.. tokens.Select(token => new TokenView(
            token.Id, token.UserId, token.Name, token.Prefix, token.StateAt(now), token.CreatedAt, token.CreatedBy,
            token.LastUsedAt, token.ExpiresAt, token.RevokedAt, token.RevokedBy))];
}
