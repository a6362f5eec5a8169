using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Storage;

// A service provider with only the storage registrations, the way the host builds them.
internal static class StorageTestHost
{
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddStorage(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
