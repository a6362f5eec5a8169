using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MyChatImposter.Llm;

public static class LlmRegistration
{
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.SectionName)
            .Validate(options => options.RetryBaseDelay <= options.RetryMaxDelay,
                "Llm:RetryBaseDelay must not be longer than Llm:RetryMaxDelay.")
            .Validate(options => LlmEndpoint.IsHttpUrl(options.DefaultBaseUrl),
                "Llm:DefaultBaseUrl must be an absolute http or https URL, such as https://api.openai.com/v1.");
        services.TryAddSingleton(TimeProvider.System);
        // The host's AddAccounts keeps the key ring in the database; this only makes sure the services exist.
        services.AddDataProtection();
        services.AddSingleton<ApiKeyProtector>();
        services.AddSingleton<LlmHealth>();
        services.AddMetrics();
        services.AddSingleton<LlmMetrics>();
        services.TryAddSingleton<IHostNameResolver, DnsHostNameResolver>();
        services.AddSingleton<LlmHttpClients>();
        services.AddSingleton<ILlmClientFactory, LlmClientFactory>();
        services.AddSingleton<IUserDataEraser, LlmInteractionsEraser>();
        services.AddHostedSingleton<LlmInteractionsHousekeeping>();
        return services;
    }
}
