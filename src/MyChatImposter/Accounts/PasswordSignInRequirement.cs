namespace MyChatImposter.Accounts;

// See ApiPolicies.PasswordSignIn. The refusal says why, in the 403's detail (AuthorizationResultHandler).
public sealed class PasswordSignInRequirement : IAuthorizationRequirement;

public sealed class PasswordSignInHandler : AuthorizationHandler<PasswordSignInRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PasswordSignInRequirement requirement)
    {
        if (ImposterClaims.TokenIdOf(context.User) is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "An API token cannot do this: sign in with your password."));
        }
        return Task.CompletedTask;
    }
}
