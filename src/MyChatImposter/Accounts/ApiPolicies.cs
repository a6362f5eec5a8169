namespace MyChatImposter.Accounts;

// Every endpoint and page names one of these policies: the single place where who-may-do-what is decided.
public static class ApiPolicies
{
    // Only administrators: listing every user, managing accounts, the audit log.
    public const string Admin = "admin";

    // The owner of the {user_id} route value, or an administrator.
    public const string OwnerOrAdmin = "owner-or-admin";

    // Any signed-in user: schema, defaults, resource lists needed to edit one's own bot; one's own account.
    public const string AnyUser = "any-user";

    // A user signed in with their password (the login cookie), not calling with an API token: creating a
    // token needs it, so a leaked token cannot make itself a successor and outlive its revocation.
    public const string PasswordSignIn = "password-sign-in";

    public static IServiceCollection AddApiPolicies(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, OwnerOrAdminHandler>();
        services.AddSingleton<IAuthorizationHandler, PasswordSignInHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(ImposterClaims.RoleName(AccountRole.Admin)))
            .AddPolicy(OwnerOrAdmin, policy => policy.RequireAuthenticatedUser().AddRequirements(new OwnerOrAdminRequirement()))
            .AddPolicy(AnyUser, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(PasswordSignIn, policy => policy.RequireAuthenticatedUser().AddRequirements(new PasswordSignInRequirement()))
            // Anything not marked otherwise needs a signed-in user: a forgotten policy fails closed.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
