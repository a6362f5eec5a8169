using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MyChatImposter.Delivery;

public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DeliveryOptions>(configuration, DeliveryOptions.SectionName);
        services.AddMetrics();
        services.TryAddSingleton(new DeliveryRandom(Random.Shared));
        services.AddSingleton<DeliveryPacing>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<IDeliveryQueue>(provider => provider.GetRequiredService<DeliveryQueue>());
        services.AddHostedSingleton<DeliveryHost>();
        services.AddSingleton<IUserDataEraser, DeliveryItemsEraser>();
        return services;
    }
}
