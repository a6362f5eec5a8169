using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Routing;

namespace MyChatImposter.Accounts;

// Audits every 403 (counted per address and user, since a signed-in user can repeat them at will) and answers
// the API with ProblemDetails; pages keep the cookie scheme's redirects.
public sealed class AuthorizationResultHandler(AuditTrail audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var endpoint = context.GetEndpoint() as RouteEndpoint;
            await audit.RecordRefusalAsync(AuditEvents.PermissionDenied, context.User.UserId(),
                context.GetRouteValue(OwnerOrAdminRequirement.RouteValueName) as string,
                new Dictionary<string, string>
                {
                    ["method"] = context.Request.Method,
                    ["route"] = endpoint?.RoutePattern.RawText ?? endpoint?.DisplayName ?? "",
                    ["role"] = context.User.IsAdmin() ? "admin" : "user",
                }, context.RequestAborted);
        }

        if (ApiEndpoint.Handles(context) && (authorizeResult.Challenged || authorizeResult.Forbidden))
        {
            if (authorizeResult.Forbidden)
            {
                var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message;
                await ProblemResponse.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", reason ?? "You may not access this resource.");
            }
            else if (ApiTokenText.IsBearer(context.Request))
            {
                // On an API endpoint the token alone authenticates (ApiTokenAuthentication): a challenge means
                // it did not. The same words for a token that never existed as for an expired or revoked one.
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await ProblemResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "Invalid token",
                    "The API token is invalid, expired or revoked.");
            }
            else
            {
                await ProblemResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required",
                    "Sign in first: POST /api/external/auth/login.");
            }
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
