namespace MyChatImposter.Accounts;

// Accounts and what signing in needs, each part in its own AddX, in the order they were always registered.
public static class AccountsRegistration
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AuthOptions>(configuration, AuthOptions.SectionName)
            .Validate(options => TrustedForwardedHeaders.AreValidProxies(options.TrustedProxies),
                "Auth:TrustedProxies must hold IP addresses, such as 127.0.0.1 or ::1.")
            .Validate(options => TrustedForwardedHeaders.AreValidNetworks(options.TrustedNetworks),
                "Auth:TrustedNetworks must hold CIDR networks, such as 10.0.0.0/8 or fd00::/8.");

        // Every authenticated request reads its session and account; these remember them (see LookupCache).
        services.DecorateSingleton<IAccountStore>((provider, store) =>
            new CachedAccountStore(store, provider.GetRequiredService<TimeProvider>()));
        services.DecorateSingleton<ILoginSessionStore>((provider, store) =>
            new CachedLoginSessionStore(store, provider.GetRequiredService<TimeProvider>()));

        services.AddHttpContextAccessor();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordCheckGate>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<AccountService>();
        services.AddHostedSingleton<FirstRunSetup>();
        services.AddHostedService<AccountsHousekeeping>();
        services.AddAudit(configuration);
        services.AddDatabaseDataProtection(configuration);
        services.AddCookieSessions();
        services.AddApiTokens();
        services.AddApiPolicies();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationResultHandler>();
        services.AddLoginRateLimit();
        services.AddTrustedForwardedHeaders();
        return services;
    }
}
