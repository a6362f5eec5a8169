using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MyChatImposter.Hosting;

public static class ValidatedOptions
{
    // Every feature's options are bound from their section and checked when the host starts, so a wrong
    // setting stops it with the setting's name instead of failing on first use. A feature's own rules chain
    // after this as further .Validate(...) calls, which the start-up check runs too.
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string sectionName)
        where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new OptionRules<TOptions>(sectionName)));
        services.AddStartupOptionsCheck<TOptions>(sectionName);
        return services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(sectionName))
            .ValidateOnStart();
    }

    // Options bound elsewhere (storage) join the check the host runs before anything starts (StartupOptionsCheck).
    public static IServiceCollection AddStartupOptionsCheck<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class =>
        services.AddStartupOptionsCheck(new CheckedOptions(
            sectionName, typeof(TOptions), provider => provider.GetRequiredService<IOptions<TOptions>>().Value));

    public static IServiceCollection AddStartupOptionsCheck(this IServiceCollection services, CheckedOptions options) =>
        services.AddSingleton(options);
}

// One section the start-up check reads: its raw values are parsed against Type's properties, then Resolve
// builds the options (which runs their validators) or whatever object checks them.
public sealed record CheckedOptions(string Section, Type Type, Func<IServiceProvider, object> Resolve);
