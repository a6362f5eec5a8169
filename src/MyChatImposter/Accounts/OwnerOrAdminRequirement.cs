using System.Security.Claims;

namespace MyChatImposter.Accounts;

// The resource owner is the {user_id} route value that routing matched, never a piece of the raw path:
// dot segments are resolved and %2F stays inside one value before this runs, so a path cannot name one
// user to the check and another to the handler (spec/14 A1).
public sealed class OwnerOrAdminRequirement : IAuthorizationRequirement
{
    public const string RouteValueName = "user_id";

    // The rule itself, for the one place where the owner is not yet in the route: a page creating a new
    // bot, whose user id is typed into the form.
    public static bool Allows(ClaimsPrincipal user, string? owner) =>
        user.UserId() is { } signedIn
        && (user.IsAdmin() || (owner is not null && string.Equals(owner, signedIn, StringComparison.Ordinal)));
}

public sealed class OwnerOrAdminHandler : AuthorizationHandler<OwnerOrAdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnerOrAdminRequirement requirement)
    {
        var owner = (context.Resource as HttpContext)?.GetRouteValue(OwnerOrAdminRequirement.RouteValueName) as string;
        if (OwnerOrAdminRequirement.Allows(context.User, owner))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
