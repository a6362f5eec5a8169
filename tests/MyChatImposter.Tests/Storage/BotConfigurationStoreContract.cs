using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Configuration;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Storage;

// What every IBotConfigurationStore must do, run once per backend by the classes deriving from this one.
// Each test gets its own database.
public abstract class BotConfigurationStoreContract : IAsyncDisposable
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected ServiceProvider? Services { get; private set; }

    // The Storage settings that point at this test's own database. Calls Assert.Skip when the backend
    // cannot run here.
    protected abstract IReadOnlyDictionary<string, string?> StorageSettings();

    // Builds the services the way the host does (AddStorage, then InitializeStorageAsync).
    protected async Task<IBotConfigurationStore> OpenStoreAsync()
    {
        var settings = StorageSettings();
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        Services = StorageTestHost.Build(settings);
        await Services.InitializeStorageAsync(Ct);
        return Services.GetRequiredService<IBotConfigurationStore>();
    }

    // A process restart: everything built by AddStorage is disposed and built again over the same database.
    protected Task<IBotConfigurationStore> RestartAsync() => OpenStoreAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Get_of_a_missing_user_returns_null()
    {
        var store = await OpenStoreAsync();

        Assert.Null(await store.GetAsync("nobody", Ct));
        Assert.Empty(await store.ListUserIdsAsync(Ct));
    }

    [Fact]
    public async Task Save_then_get_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var full = ConfigurationDocuments.Full("alice");

        Assert.True(await store.SaveAsync(full, Ct));
        var read = await store.GetAsync("alice", Ct);

        AssertSameDocument(full, read);
        var llmExtra = read.Configurations.LlmProviderConfig.ProviderConfig.Extra;
        Assert.NotNull(llmExtra);
        Assert.Equal(["First canned answer", "Second: שלום"],
            llmExtra["response_array"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(10_000_000_000, llmExtra["big_number"].GetInt64());
        var bridgeExtra = read.Configurations.ChatProviderConfig.ProviderConfig.Extra;
        Assert.NotNull(bridgeExtra);
        Assert.Equal("Chrome", bridgeExtra["browser_name"].GetString());
    }

    [Fact]
    public async Task Minimal_configuration_reads_back_with_its_defaults()
    {
        var store = await OpenStoreAsync();

        await store.SaveAsync(ConfigurationDocuments.Minimal("bob"), Ct);
        var read = await store.GetAsync("bob", Ct);

        AssertSameDocument(ConfigurationDocuments.Minimal("bob"), read);
        Assert.Equal(10, read.Configurations.QueueConfig.MaxMessages);
        Assert.True(read.Configurations.ChatProviderConfig.ProviderConfig.SyncFullHistory);
    }

    [Fact]
    public async Task Save_tells_whether_the_document_was_created()
    {
        var store = await OpenStoreAsync();

        Assert.True(await store.SaveAsync(ConfigurationDocuments.Minimal("carol"), Ct));
        Assert.False(await store.SaveAsync(ConfigurationDocuments.Minimal("carol"), Ct));
        Assert.False(await store.SaveAsync(ConfigurationDocuments.Full("carol"), Ct));
    }

    [Fact]
    public async Task Save_replaces_the_whole_document()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(ConfigurationDocuments.Full("dave"), Ct);

        await store.SaveAsync(ConfigurationDocuments.Minimal("dave"), Ct);

        var read = await store.GetAsync("dave", Ct);
        // Nothing of the first document is merged in, extension data included.
        AssertSameDocument(ConfigurationDocuments.Minimal("dave"), read);
        Assert.Null(read.Configurations.LlmProviderConfig.ProviderConfig.Extra);
        Assert.Equal(["dave"], await store.ListUserIdsAsync(Ct));
    }

    [Fact]
    public async Task Delete_returns_true_then_false()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(ConfigurationDocuments.Full("erin"), Ct);
        await store.SaveAsync(ConfigurationDocuments.Minimal("frank"), Ct);

        Assert.True(await store.DeleteAsync("erin", Ct));
        Assert.False(await store.DeleteAsync("erin", Ct));
        Assert.False(await store.DeleteAsync("never-saved", Ct));

        Assert.Null(await store.GetAsync("erin", Ct));
        Assert.Equal(["frank"], await store.ListUserIdsAsync(Ct));
        Assert.True(await store.SaveAsync(ConfigurationDocuments.Minimal("erin"), Ct));
    }

    [Fact]
    public async Task List_user_ids_is_in_ordinal_order()
    {
        var store = await OpenStoreAsync();
        string[] saved = ["b", "a_2", "é", "B", "a", "Z9", "a-1"];
        foreach (var userId in saved)
        {
            await store.SaveAsync(ConfigurationDocuments.Minimal(userId), Ct);
        }

        Assert.Equal(["B", "Z9", "a", "a-1", "a_2", "b", "é"], await store.ListUserIdsAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing()
    {
        var store = await OpenStoreAsync();
        // 25 writers each on two shared ids, and 20 writers with an id of their own, all at once.
        var shared = Enumerable.Range(0, 50)
            .Select(i => ConfigurationDocuments.Full(i % 2 == 0 ? "shared-even" : "shared-odd", firstName: $"writer-{i}"))
            .ToList();
        var own = Enumerable.Range(0, 20).Select(i => ConfigurationDocuments.Full($"own-{i:00}")).ToList();
        var writes = shared.Concat(own).ToList();

        var created = await Task.WhenAll(writes.Select(c => Task.Run(() => store.SaveAsync(c, Ct), Ct)));

        var results = writes.Zip(created, (c, wasCreated) => (c.UserId, wasCreated)).ToList();
        Assert.Equal(1, results.Count(r => r.UserId == "shared-even" && r.wasCreated));
        Assert.Equal(1, results.Count(r => r.UserId == "shared-odd" && r.wasCreated));
        Assert.All(results.Where(r => r.UserId.StartsWith("own-", StringComparison.Ordinal)), r => Assert.True(r.wasCreated));

        var expectedIds = writes.Select(c => c.UserId).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedIds, await store.ListUserIdsAsync(Ct));

        foreach (var userId in new[] { "shared-even", "shared-odd" })
        {
            var read = await store.GetAsync(userId, Ct);
            Assert.NotNull(read);
            var written = shared.Where(c => c.UserId == userId).Select(ConfigurationDocuments.Json);
            Assert.Contains(ConfigurationDocuments.Json(read), written);
        }

        foreach (var configuration in own)
        {
            AssertSameDocument(configuration, await store.GetAsync(configuration.UserId, Ct));
        }
    }

    [Fact]
    public async Task Data_survives_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(ConfigurationDocuments.Full("grace"), Ct);
        await store.SaveAsync(ConfigurationDocuments.Minimal("heidi"), Ct);

        store = await RestartAsync();

        Assert.Equal(["grace", "heidi"], await store.ListUserIdsAsync(Ct));
        AssertSameDocument(ConfigurationDocuments.Full("grace"), await store.GetAsync("grace", Ct));
    }

    protected static void AssertSameDocument(UserConfiguration expected, [NotNull] UserConfiguration? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(ConfigurationDocuments.Json(expected), ConfigurationDocuments.Json(actual));
    }
}
