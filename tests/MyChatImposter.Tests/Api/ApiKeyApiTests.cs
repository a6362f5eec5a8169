using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Api;

// An explicit key through PUT/GET /users/{user_id}: stored encrypted, answered masked, kept by the mask.
public sealed class ApiKeyApiTests : IAsyncLifetime
{
    private const string Key = "sk-proj-THE-SECRET-9f8e7d6c5b4a";
    private const string Llm = "configurations.llm_provider_config.provider_config";
    private readonly ImposterApp _app = new();
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _client = await _app.AdminClientAsync();

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static JsonObject WithKey(string? key) => ConfigurationDocuments.Valid("ann")
        .With(Llm + ".api_key_source", "explicit")
        .With(Llm + ".api_key", key);

    private async Task<string?> StoredKeyAsync() =>
        (await _app.Service<IBotConfigurationStore>().GetAsync("ann", Ct))!.Configurations.LlmProviderConfig.ProviderConfig.ApiKey;

    private string? Revealed(string? stored) => _app.Service<ApiKeyProtector>().Reveal("ann", stored);

    private async Task<JsonObject> GetAsync() => (await _client.GetFromJsonAsync<JsonObject>("/api/external/users/ann", Ct))!;

    private static string? KeyIn(JsonObject document) => (string?)document["configurations"]!["llm_provider_config"]!["provider_config"]!["api_key"];

    [Fact]
    public async Task A_put_key_is_stored_encrypted_and_answered_masked()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync("/api/external/users/ann", WithKey(Key), Ct)).StatusCode);

        var stored = await StoredKeyAsync();
        Assert.True(StoredApiKey.IsProtected(stored));
        Assert.DoesNotContain(Key, stored);
        Assert.Equal(Key, Revealed(stored));

        var answer = await _client.GetStringAsync("/api/external/users/ann", Ct);
        Assert.DoesNotContain(Key, answer);
        Assert.DoesNotContain(stored!, answer);
        Assert.Equal("****5b4a", KeyIn(JsonNode.Parse(answer)!.AsObject()));
    }

    [Fact]
    public async Task Putting_back_what_get_answered_keeps_the_key()
    {
        await _client.PutAsJsonAsync("/api/external/users/ann", WithKey(Key), Ct);
        var document = (await GetAsync()).With("configurations.user_details.first_name", "Annie");

        var put = await _client.PutAsJsonAsync("/api/external/users/ann", document, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(Key, Revealed(await StoredKeyAsync()));
        Assert.Equal("Annie", (string?)(await GetAsync())["configurations"]!["user_details"]!["first_name"]);
    }

    [Fact]
    public async Task A_mask_that_matches_no_stored_key_is_a_422_at_api_key()
    {
        var put = await _client.PutAsJsonAsync("/api/external/users/ann", WithKey("****5b4a"), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("no key stored", (string?)problem!["errors"]![Llm + ".api_key"]![0]);
        Assert.Null(await _app.Service<IBotConfigurationStore>().GetAsync("ann", Ct));
    }

    [Fact]
    public async Task A_key_the_original_stored_in_plain_text_is_answered_masked_and_encrypted_at_the_next_put()
    {
        await _app.Service<IBotConfigurationStore>().SaveAsync(ConfigurationJson.Deserialize(WithKey(Key).ToJsonString()), Ct);
        Assert.Equal(Key, await StoredKeyAsync());

        var document = await GetAsync();
        Assert.Equal("****5b4a", KeyIn(document));
        await _client.PutAsJsonAsync("/api/external/users/ann", document, Ct);

        var stored = await StoredKeyAsync();
        Assert.True(StoredApiKey.IsProtected(stored));
        Assert.Equal(Key, Revealed(stored));
    }

    [Fact]
    public async Task A_new_key_replaces_the_old_one()
    {
        await _client.PutAsJsonAsync("/api/external/users/ann", WithKey(Key), Ct);

        await _client.PutAsJsonAsync("/api/external/users/ann", WithKey("sk-replacement-key-000111"), Ct);

        Assert.Equal("sk-replacement-key-000111", Revealed(await StoredKeyAsync()));
        Assert.Equal("****0111", KeyIn(await GetAsync()));
    }
}
