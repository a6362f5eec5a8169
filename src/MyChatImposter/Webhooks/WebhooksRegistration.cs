using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MyChatImposter.Webhooks;

public static class WebhooksRegistration
{
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.SectionName);
        services.TryAddSingleton<IHostNameResolver, DnsHostNameResolver>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookDeliveryLog>();
        services.AddHostedSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookFeeds>();
        services.AddHostedService<WebhooksHousekeeping>();
        services.AddSingleton<IUserDataEraser, WebhookSubscriptionsEraser>();
        services.AddUserRecordsEraser<IWebhookOutboxStore>("webhook_deliveries");

        // Every connection of the webhook client goes through the egress guard (the LLM client's), unless the
        // operator allows private addresses. No redirects: a 3xx is a failed attempt, not a hop to an unchecked URL.
        services.AddHttpClient(WebhookSender.ClientName, (provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var handler = new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime, AllowAutoRedirect = false };
                if (!provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateUrls)
                {
                    var connector = new GuardedConnector(provider.GetRequiredService<IHostNameResolver>(),
                        provider.GetRequiredService<ILogger<GuardedConnector>>(),
                        new("a webhook", "Webhooks:AllowPrivateUrls", kind => new WebhookEgressRefusedException(kind)));
                    handler.ConnectCallback = connector.ConnectAsync;
                }
                return handler;
            });
        return services;
    }
}
