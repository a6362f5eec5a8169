namespace MyChatImposter.Hosting;

public static class ValidatedOptions
{
    // Every feature's options are bound from their section and checked when the host starts, so a wrong
    // setting stops it with the setting's name instead of failing on first use. A feature's own rules chain
    // after this as further .Validate(...) calls, which the start-up check runs too.
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string sectionName)
        where TOptions : class =>
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
