using Microsoft.Extensions.DependencyInjection.Extensions;
using MyChatImposter.ChatProviders;

namespace MyChatImposter.Delivery;

public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(new DeliveryRandom(Random.Shared));
        services.AddSingleton<DeliveryPacing>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<IDeliveryQueue>(provider => provider.GetRequiredService<DeliveryQueue>());
        services.AddSingleton<DeliveryHost>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryHost>());
        services.AddSingleton<IUserDataEraser, DeliveryItemsEraser>();
        return services;
    }
}

public sealed class DeliveryItemsEraser(DeliveryQueue queue, IDeliveryStore store) : IUserDataEraser
{
    public string Name => "delivery_items";

    // Every state's items: erasing takes them all, the sent ones kept for the caps included.
    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            count += await store.CountAsync(userId, state, cancellationToken);
        }
        return count;
    }

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => queue.EraseAsync(userId, cancellationToken);
}
