using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests.Replies;

// Sandbox bots that answer every correspondent of the run at once: auto-reply on with each correspondent
// whitelisted, the fake LLM (zero latency) unless a bot is pointed at an OpenAI-compatible server, linked to
// the sandbox as a client would through the REST API.
public static class ReplyBots
{
    public static string BotId(int index) => string.Create(CultureInfo.InvariantCulture, $"reply-bot-{index:D3}");

    // A WhatsApp JID, which the sandbox keeps as the conversation id and the outbound recipient.
    public static string Correspondent(int index) => string.Create(CultureInfo.InvariantCulture, $"3361{index:D7}@s.whatsapp.net");

    // The host as a reply run needs it: a reply is sent as soon as it is drafted, nothing paces or caps it, and
    // every send lands in the outbound log the harness tails. Per-message Information lines would cost the
    // host CPU for a console nobody reads.
    public static IReadOnlyList<string> HostArguments(string outboundLogPath) =>
    [
        "--AutoReply:QuietPeriod", "00:00:00",
        "--Delivery:MinDelay", "00:00:00", "--Delivery:MaxDelay", "00:00:00",
        "--Delivery:TypingPresence", "false",
        // The ranges' maxima (DeliveryOptions): a run sends far more than a person's day.
        "--Delivery:MaxPerRecipientPerHour", "10000", "--Delivery:MaxPerAccountPerDay", "100000",
        "--Logging:LogLevel:Default", "Warning",
        "--Sandbox:OutboundLogPath", outboundLogPath,
    ];

    // The fake LLM quotes the newest message its turn answers, id included: the ledger matches replies exactly.
    public const string ReplyText = "Sure, talk soon! (re {last_message})";

    public static JsonObject Configuration(string userId, int correspondents, Uri? openAiBaseUrl = null)
    {
        var document = ConfigurationDocuments.Valid(userId)
            .With("configurations.chat_provider_config.provider_name", "sandbox")
            .With("features.automatic_bot_reply.enabled", true)
            .With("features.automatic_bot_reply.respond_to_whitelist",
                new JsonArray([.. Enumerable.Range(0, correspondents).Select(index => (JsonNode)Correspondent(index))]))
            .With("configurations.llm_provider_config.provider_config.response_array", new JsonArray(ReplyText));
        return openAiBaseUrl is null
            ? document
            : document
                .With("configurations.llm_provider_config.provider_name", "openAi")
                .With("configurations.llm_provider_config.provider_config.model", "gpt-4o-mini")
                .With("configurations.llm_provider_config.provider_config.api_key_source", "explicit")
                .With("configurations.llm_provider_config.provider_config.api_key", "sk-load-test-not-a-real-key")
                .With("configurations.llm_provider_config.provider_config.base_url", openAiBaseUrl.ToString());
    }

    // Saved and linked a few at a time; returns when every bot's session is connected.
    public static async Task CreateAsync(
        HttpClient admin, IReadOnlyList<string> userIds, int correspondents, CancellationToken cancellationToken,
        Func<string, Uri?>? openAiBaseUrl = null)
    {
        await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (userId, token) =>
            {
                await SaveAndLinkAsync(admin, userId, Configuration(userId, correspondents, openAiBaseUrl?.Invoke(userId)), token);
            });
    }

    // One bot: its configuration saved, linked, and its session connected.
    public static async Task SaveAndLinkAsync(HttpClient admin, string userId, JsonObject document, CancellationToken cancellationToken)
    {
        using (var saved = await admin.PutAsync($"/api/external/users/{userId}",
                   new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken))
        {
            await BridgeIngestBenchmark.EnsureAsync(saved, $"PUT configuration of {userId}", cancellationToken);
        }
        using (var linked = await admin.PostAsync($"/api/external/users/{userId}/actions/link", null, cancellationToken))
        {
            await BridgeIngestBenchmark.EnsureAsync(linked, $"link {userId}", cancellationToken);
        }
        await BridgeIngestBenchmark.WaitForHostStatusAsync(admin, userId, "connected", cancellationToken);
    }
}
