namespace MyChatImposter.Accounts;

// Every endpoint names one of these policies. They are the single place where who-may-do-what is
// decided: the accounts issue fills them with cookie authentication, roles and route-value ownership.
// Until then there are no accounts, so each policy admits every caller.
public static class ApiPolicies
{
    // Only administrators: listing every user, managing accounts, the whole delivery queue.
    public const string Admin = "admin";

    // The owner of the {user_id} route value, or an administrator.
    public const string OwnerOrAdmin = "owner-or-admin";

    // Any signed-in user: schema, defaults, resource lists needed to edit one's own bot.
    public const string AnyUser = "any-user";

    public static IServiceCollection AddApiPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, policy => policy.RequireAssertion(_ => true))
            .AddPolicy(OwnerOrAdmin, policy => policy.RequireAssertion(_ => true))
            .AddPolicy(AnyUser, policy => policy.RequireAssertion(_ => true));
        return services;
    }
}
