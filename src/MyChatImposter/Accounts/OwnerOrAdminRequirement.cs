using Microsoft.AspNetCore.Authorization;

namespace MyChatImposter.Accounts;

// The resource owner is the {user_id} route value that routing matched, never a piece of the raw path:
// dot segments are resolved and %2F stays inside one value before this runs, so a path cannot name one
// user to the check and another to the handler (spec/14 A1).
public sealed class OwnerOrAdminRequirement : IAuthorizationRequirement
{
    public const string RouteValueName = "user_id";
}

public sealed class OwnerOrAdminHandler : AuthorizationHandler<OwnerOrAdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnerOrAdminRequirement requirement)
    {
        var user = context.User.UserId();
        if (user is null)
        {
            return Task.CompletedTask;
        }

        if (context.User.IsAdmin())
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var httpContext = context.Resource as HttpContext;
        var owner = httpContext?.GetRouteValue(OwnerOrAdminRequirement.RouteValueName) as string;
        if (owner is not null && string.Equals(owner, user, StringComparison.Ordinal))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
