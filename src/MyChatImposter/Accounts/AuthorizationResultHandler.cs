using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Routing;

namespace MyChatImposter.Accounts;

// Audits every 403 (counted per address and user, since a signed-in user can repeat them at will) and answers
// the API with ProblemDetails; pages keep the cookie scheme's redirects.
public sealed class AuthorizationResultHandler(AuditTrail audit, IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
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
            var status = authorizeResult.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            context.Response.StatusCode = status;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = status,
                    Title = authorizeResult.Forbidden ? "Forbidden" : "Authentication required",
                    Detail = authorizeResult.Forbidden
                        ? "You may not access this resource."
                        : "Sign in first: POST /api/external/auth/login.",
                },
            });
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
