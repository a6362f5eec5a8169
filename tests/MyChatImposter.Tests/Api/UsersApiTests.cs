using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MyChatImposter.Tests.Api;

public sealed class UsersApiTests : IAsyncLifetime
{
    private readonly ImposterApp _app = new();
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync() => _client = await _app.AdminClientAsync();

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_then_get_returns_the_normalised_document()
    {
        var put = await _client.PutAsJsonAsync("/api/external/users/alice", ConfigurationDocuments.Valid("alice"), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await put.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("success", (string?)saved!["status"]);
        Assert.Equal("alice", (string?)saved["user_id"]);

        var stored = await _client.GetFromJsonAsync<JsonObject>("/api/external/users/alice", Ct);
        Assert.Equal(5, (int)stored!["configurations"]!["queue_config"]!["max_messages"]!);
        // Defaults the request left out are filled in.
        Assert.True((bool)stored["configurations"]!["chat_provider_config"]!["provider_config"]!["sync_full_history"]!);
        Assert.False((bool)stored["features"]!["kid_phone_safety_tracking"]!["enabled"]!);
        // Extras of provider_config survive.
        Assert.Equal("Hello from the fake model",
            (string?)stored["configurations"]!["llm_provider_config"]!["provider_config"]!["response_array"]![0]);
    }

    [Fact]
    public async Task Put_of_a_sparse_original_document_stores_it_with_defaults()
    {
        var sparse = JsonNode.Parse("""
            {"user_id": "bob", "configurations": {
              "chat_provider_config": {"provider_name": "whatsAppBaileyes", "provider_config": {}},
              "llm_provider_config": {"provider_name": "openAi", "provider_config": {"model": "gpt-4o"}}}}
            """)!;

        var put = await _client.PutAsJsonAsync("/api/external/users/bob", sparse, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await _client.GetFromJsonAsync<JsonObject>("/api/external/users/bob", Ct);
        Assert.Equal("UTC", (string?)stored!["configurations"]!["user_details"]!["timezone"]);
        Assert.Equal(10, (int)stored["configurations"]!["context_config"]!["max_messages"]!);
        Assert.Equal("environment", (string?)stored["configurations"]!["llm_provider_config"]!["provider_config"]!["api_key_source"]);
    }

    [Fact]
    public async Task List_update_and_delete()
    {
        await _client.PutAsJsonAsync("/api/external/users/zoe", ConfigurationDocuments.Valid("zoe"), Ct);
        await _client.PutAsJsonAsync("/api/external/users/adam", ConfigurationDocuments.Valid("adam"), Ct);
        var changed = ConfigurationDocuments.Valid("zoe").With("configurations.queue_config.max_messages", 7);
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync("/api/external/users/zoe", changed, Ct)).StatusCode);

        var list = await _client.GetFromJsonAsync<JsonObject>("/api/external/users", Ct);
        Assert.Equal(["adam", "zoe"], list!["user_ids"]!.AsArray().Select(id => (string)id!));
        var zoe = await _client.GetFromJsonAsync<JsonObject>("/api/external/users/zoe", Ct);
        Assert.Equal(7, (int)zoe!["configurations"]!["queue_config"]!["max_messages"]!);

        var deleted = await _client.DeleteAsync("/api/external/users/zoe", Ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/external/users/zoe", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync("/api/external/users/zoe", Ct)).StatusCode);
    }

    [Fact]
    public async Task Missing_configuration_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/external/users/nobody", Ct);

        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Body_user_id_differing_from_the_path_is_a_400_and_nothing_is_stored()
    {
        var response = await _client.PutAsJsonAsync("/api/external/users/alice", ConfigurationDocuments.Valid("mallory"), Ct);

        await AssertProblem(response, HttpStatusCode.BadRequest);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_and_nothing_is_stored()
    {
        var response = await _client.PutAsync("/api/external/users/alice",
            new StringContent("{\"user_id\": \"alice\", \"configurations\": {", Encoding.UTF8, "application/json"), Ct);

        await AssertProblem(response, HttpStatusCode.BadRequest);
        await AssertNothingStored();
    }

    public static TheoryData<string, string, string> InvalidFields => new()
    {
        // field path, replacement value as JSON, error key expected
        { "configurations.queue_config.max_messages", "\"5\"", "configurations.queue_config.max_messages" },
        { "features.automatic_bot_reply.enabled", "\"true\"", "features.automatic_bot_reply.enabled" },
        { "configurations.user_details.timezone", "{\"zone\": \"UTC\"}", "configurations.user_details.timezone" },
        { "configurations.chat_provider_config.provider_name", "\"telegram\"", "configurations.chat_provider_config.provider_name" },
        { "configurations.llm_provider_config.provider_name", "\"anthropic\"", "configurations.llm_provider_config.provider_name" },
        { "features.periodic_group_tracking.tracked_groups[0].cronTrackingSchedule", "\"every day\"", "features.periodic_group_tracking.tracked_groups[0].cronTrackingSchedule" },
        { "configurations.user_details.timezone", "\"Mars/Olympus_Mons\"", "configurations.user_details.timezone" },
        { "configurations.queue_config.max_messages", "0", "configurations.queue_config.max_messages" },
        { "configurations.context_config.max_messages", "2", "configurations.context_config.max_messages" },
        { "configurations.llm_provider_config.provider_config.api_key_source", "\"explicit\"", "configurations.llm_provider_config.provider_config.api_key" },
        { "configurations.user_details.first_name", "\"" + new string('x', 5000) + "\"", "configurations.user_details.first_name" },
        { "features.automatic_bot_reply.chat_system_prompt", "\"" + new string('p', 60_000) + "\"", "features.automatic_bot_reply.chat_system_prompt" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Invalid_field_is_a_422_naming_the_field_and_nothing_is_stored(string path, string valueJson, string errorKey)
    {
        var document = ConfigurationDocuments.Valid("alice").With(path, JsonNode.Parse(valueJson));

        var response = await _client.PutAsJsonAsync("/api/external/users/alice", document, Ct);

        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(errorKey, out var messages), $"no error under '{errorKey}' in {errors}");
        Assert.Contains(messages.EnumerateArray(), message => !string.IsNullOrWhiteSpace(message.GetString()));
        await AssertNothingStored();
    }

    [Fact]
    public async Task Bad_user_id_in_the_body_is_a_422_naming_user_id()
    {
        var response = await _client.PutAsJsonAsync("/api/external/users/alice",
            ConfigurationDocuments.Valid("alice").With("user_id", "al ice"), Ct);

        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("user_id", out _));
    }

    [Theory]
    [InlineData("al%20ice")]
    [InlineData("a.b")]
    [InlineData("%C3%A9l%C3%A8ve")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Bad_user_id_in_the_path_is_a_400_on_every_method(string userId)
    {
        await AssertProblem(await _client.GetAsync($"/api/external/users/{userId}", Ct), HttpStatusCode.BadRequest);
        await AssertProblem(await _client.DeleteAsync($"/api/external/users/{userId}", Ct), HttpStatusCode.BadRequest);
        await AssertProblem(await _client.PutAsJsonAsync($"/api/external/users/{userId}", ConfigurationDocuments.Valid("alice"), Ct), HttpStatusCode.BadRequest);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Non_json_body_is_a_415()
    {
        var response = await _client.PutAsync("/api/external/users/alice",
            new StringContent("user_id=alice", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Empty_body_is_a_400()
    {
        var response = await _client.PutAsync("/api/external/users/alice",
            new StringContent("", Encoding.UTF8, "application/json"), Ct);

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Json_null_body_is_a_4xx()
    {
        var response = await _client.PutAsync("/api/external/users/alice",
            new StringContent("null", Encoding.UTF8, "application/json"), Ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await AssertNothingStored();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Oversized_body_is_a_413_with_or_without_content_length(bool chunked)
    {
        var huge = ConfigurationDocuments.Valid("alice").With("features.automatic_bot_reply.chat_system_prompt", new string('x', 300_000));
        var bytes = Encoding.UTF8.GetBytes(huge.ToJsonString());
        HttpContent content = chunked
            ? new StreamContent(new NonSeekableStream(bytes))
            : new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        var response = await _client.PutAsync("/api/external/users/alice", content, Ct);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Unsupported_method_is_a_405_problem()
    {
        var response = await _client.PostAsJsonAsync("/api/external/users/alice", ConfigurationDocuments.Valid("alice"), Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Defaults_template_is_valid_against_the_schema_endpoint_and_can_be_saved()
    {
        var schemaText = await _client.GetStringAsync("/api/external/users/schema", Ct);
        var defaults = await _client.GetFromJsonAsync<JsonObject>("/api/external/users/defaults", Ct);

        var schema = JsonSchema.FromText(schemaText);
        var evaluation = schema.Evaluate(JsonDocument.Parse(defaults!.ToJsonString()).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, string.Join("; ", evaluation.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));

        // The template's provider names resolve, so a bot saved from it unchanged is accepted.
        var saved = await _client.PutAsJsonAsync("/api/external/users/fresh", defaults.With("user_id", "fresh"), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    [Fact]
    public async Task Resource_lists_have_the_original_entries()
    {
        var languages = await _client.GetFromJsonAsync<JsonArray>("/api/external/resources/languages", Ct);
        var timezones = await _client.GetFromJsonAsync<JsonArray>("/api/external/resources/timezones", Ct);

        Assert.Equal(20, languages!.Count);
        Assert.Contains(languages, language => (string?)language!["code"] == "he" && (string?)language["native_name"] == "עברית");
        Assert.Equal(21, timezones!.Count);
        Assert.Equal("UTC", (string?)timezones[0]);
    }

    private async Task AssertNothingStored()
    {
        var list = await _client.GetFromJsonAsync<JsonObject>("/api/external/users", Ct);
        Assert.Empty(list!["user_ids"]!.AsArray());
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    // A body of unknown length, so the client sends it chunked without Content-Length.
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
