namespace MyChatImposter.Audit;

// The audit trail with what it needs besides the store: the refusal counting and the audit options.
public static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AuditOptions>(configuration, AuditOptions.SectionName);
        services.AddSingleton<AuditTrail>();
        services.AddHostedSingleton<RefusalTally>();
        return services;
    }
}
