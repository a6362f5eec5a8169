namespace MyChatImposter.Hosting;

public static class ServiceDecoration
{
    // Wraps the singleton registered for TService, whichever way it was registered (a type, an instance or a
    // factory), so everything that asks for TService gets the wrapper around it.
    public static IServiceCollection DecorateSingleton<TService>(
        this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var index = services.Count - 1;
        while (index >= 0 && services[index].ServiceType != typeof(TService))
        {
            index--;
        }
        if (index < 0)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} must be registered before it is decorated.");
        }
        var original = services[index];
        if (original.Lifetime != ServiceLifetime.Singleton || original.IsKeyedService)
        {
            throw new InvalidOperationException($"Only an unkeyed singleton {typeof(TService).Name} can be decorated.");
        }

        services[index] = ServiceDescriptor.Singleton<TService>(provider => decorate(provider, Create<TService>(provider, original)));
        return services;
    }

    private static TService Create<TService>(IServiceProvider provider, ServiceDescriptor original) where TService : class =>
        (TService)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));
}
