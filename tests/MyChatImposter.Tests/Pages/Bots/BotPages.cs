using System.Net;
using System.Text.Json.Nodes;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Tests.ChatProviders;

namespace MyChatImposter.Tests.Pages.Bots;

// Arranging bots for the page tests straight through the services, so each test's HTTP traffic is only
// the page it is about.
public static class BotPages
{
    public const string Bob = "bob";
    public const string BobPassword = "Bob-Passw0rd!!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task SaveBotAsync(this ImposterApp app, string userId, JsonObject? document = null) =>
        app.Service<IBotConfigurationStore>().SaveAsync(
            ConfigurationJson.Deserialize((document ?? ConfigurationDocuments.Valid(userId)).ToJsonString()), Ct);

    public static async Task<ChatSession> LinkBotAsync(this ImposterApp app, string userId)
    {
        var result = await app.Service<ChatSessions>().LinkAsync(userId, Ct);
        Assert.Equal(SessionChange.Done, result.Outcome);
        return result.Session!;
    }

    // A host whose WhatsApp kind is the given recording one: a bot shows a QR and links without Node.js.
    public static ImposterApp WithRecordingWhatsApp(RecordingChatProviderKind whatsApp) => new()
    {
        ConfigureServices = services => services.AddKeyedSingleton<IChatProviderKind>(ChatProviderKind.WhatsApp, whatsApp),
    };

    public static JsonObject WhatsAppBot(string userId) =>
        ConfigurationDocuments.Valid(userId).With("configurations.chat_provider_config.provider_name", "whatsapp");

    public static Task<UserConfiguration?> StoredBotAsync(this ImposterApp app, string userId) =>
        app.Service<IBotConfigurationStore>().GetAsync(userId, Ct);

    // Archived messages numbered 1..count, as the archive writer would have written them.
    public static Task ArchiveAsync(this ImposterApp app, string userId, string correspondentId, int count) =>
        app.Service<IMessageArchive>().AppendAsync([.. Enumerable.Range(1, count).Select(id => new ArchivedMessage(
            userId, "sandbox", correspondentId, id, $"m-{correspondentId}-{id}", $"message {id} from {correspondentId}",
            new ChatParty(correspondentId, null, [correspondentId]), MessageSource.User,
            app.Time.GetUtcNow(), null, null))], Ct);

    // One answered LLM call of the bot, as RecordingChatClient would have written it, started now.
    public static Task RecordInteractionAsync(this ImposterApp app, string userId, string answer, string? error = null) =>
        app.Service<ILlmInteractionStore>().AddAsync(new LlmInteraction(userId, app.Time.GetUtcNow(), TimeSpan.FromMilliseconds(1500),
            "openAi", "gpt-4o-mini", [new("system", $"You are {userId}."), new("user", "Dan: are you free?")],
            error is null ? answer : null, error), Ct);

    // The audit event types about a user, newest first.
    public static async Task<IReadOnlyList<string>> AuditedAsync(this ImposterApp app, string userId) =>
        [.. (await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(UserId: userId, Limit: 100), Ct)).Select(row => row.EventType)];

    public static async Task<HttpClient> BobClientAsync(this ImposterApp app)
    {
        await app.CreateAccountAsync(Bob, BobPassword);
        return await app.SignedInClientAsync(Bob, BobPassword, "10.0.0.2");
    }

    public static void AssertAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery);
    }
}
