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

    public static IServiceCollection AddApiPolicies(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, OwnerOrAdminHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(ImposterClaims.RoleName(AccountRole.Admin)))
            .AddPolicy(OwnerOrAdmin, policy => policy.RequireAuthenticatedUser().AddRequirements(new OwnerOrAdminRequirement()))
            .AddPolicy(AnyUser, policy => policy.RequireAuthenticatedUser())
            // Anything not marked otherwise needs a signed-in user: a forgotten policy fails closed.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
