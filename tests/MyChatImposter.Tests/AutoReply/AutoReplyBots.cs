using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Delivery;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.AutoReply;

// The real host with the test doubles of the two contracts auto-reply codes against (the LLM client factory
// and the delivery queue, built on other branches), and bots set up through the REST API as a client would.
public static class AutoReplyBots
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static ImposterApp App(TestLlm llm, RecordingDeliveryQueue delivery, IReadOnlyDictionary<string, string>? settings = null) =>
        new(settings)
        {
            ConfigureServices = services => services
                .AddSingleton<ILlmClientFactory>(llm)
                .AddSingleton<IDeliveryQueue>(delivery),
        };

    // The API's valid document with auto-reply on, Dana's phone whitelisted (written as people write it), the
    // group Family whitelisted, and group messages allowed.
    public static JsonObject Configuration(string userId, bool sharedContext = false) =>
        ConfigurationDocuments.Valid(userId)
            .With("features.automatic_bot_reply.enabled", true)
            .With("features.automatic_bot_reply.respond_to_whitelist", new JsonArray("+972 50-123-4567"))
            .With("features.automatic_bot_reply.respond_to_whitelist_group", new JsonArray("Family"))
            .With("configurations.chat_provider_config.provider_config.allow_group_messages", true)
            .With("configurations.context_config.shared_context", sharedContext);

    public const string Dana = "972501234567@s.whatsapp.net";

    public static async Task SaveAndLinkAsync(this HttpClient client, string userId, JsonObject configuration)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/external/users/{userId}", configuration, Ct)).StatusCode);
        var linked = await client.PostAsync($"/api/external/users/{userId}/actions/link", null, Ct);
        Assert.True(linked.StatusCode == HttpStatusCode.OK, await linked.Content.ReadAsStringAsync(Ct));
    }

    // Writes as a correspondent through the sandbox; 202 means archived.
    public static async Task WriteAsync(this HttpClient client, string userId, string correspondentId, string text,
        string? displayName = "Dana", object? group = null)
    {
        var response = await client.PostAsJsonAsync($"/api/external/users/{userId}/sandbox/inbound",
            new { correspondent_id = correspondentId, display_name = displayName, text, group }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    // Unlinking drains the session: every message is handled and every reply turn done when it returns.
    public static async Task UnlinkAsync(this HttpClient client, string userId) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/external/users/{userId}/actions/unlink", null, Ct)).StatusCode);

    public static Task<HttpResponseMessage> ReloadAsync(this HttpClient client, string userId) =>
        client.PostAsync($"/api/external/users/{userId}/actions/reload", null, Ct);
}
