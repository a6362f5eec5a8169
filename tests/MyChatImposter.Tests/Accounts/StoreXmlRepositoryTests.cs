using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;
using MyChatImposter.Storage;
using MyChatImposter.Tests.Storage;

namespace MyChatImposter.Tests.Accounts;

public sealed class StoreXmlRepositoryTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly List<ServiceProvider> _providers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Stores_elements_on_one_line_and_reads_them_back()
    {
        var repository = new StoreXmlRepository(await OpenKeyStoreAsync());
        var element = XElement.Parse("""
            <key id="1">
              <value>a &amp; b</value>
            </key>
            """);

        repository.StoreElement(element, "key-1");

        var read = Assert.Single(repository.GetAllElements());
        Assert.True(XNode.DeepEquals(element, read));
        Assert.Equal("<key id=\"1\"><value>a &amp; b</value></key>", Assert.Single((await OpenKeyStoreAsync()).ListXml()));
    }

    [Fact]
    public async Task What_one_process_protects_another_unprotects_after_a_restart()
    {
        var first = Protector(await OpenKeyStoreAsync());
        var protectedText = first.Protect("session cookie payload");

        var second = Protector(await OpenKeyStoreAsync());

        Assert.Equal("session cookie payload", second.Unprotect(protectedText));
    }

    // A fresh set of storage services over the same database file, as after a restart.
    private async Task<IDataProtectionKeyStore> OpenKeyStoreAsync()
    {
        var services = StorageTestHost.Build(_database.StorageSettings());
        _providers.Add(services);
        await services.InitializeStorageAsync(Ct);
        return services.GetRequiredService<IDataProtectionKeyStore>();
    }

    private IDataProtector Protector(IDataProtectionKeyStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("my-chat-imposter-tests");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new StoreXmlRepository(store));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests");
    }
}
