using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace MyChatImposter.ChatProviders.WhatsApp;

// The bridge's answer for a user's connection (src/whatsapp-bridge/README.md, "Status values").
public sealed record BridgeStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("qr")] string? Qr,
    [property: JsonPropertyName("user_jid")] string? UserJid);

// The bridge answered 404 for a user's connection: no session, or not connected.
public sealed class BridgeSessionNotConnectedException(string message) : InvalidOperationException(message);

// Any other refusal or failure of a bridge call, with the bridge's own words.
public sealed class BridgeRequestException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

// The bridge's HTTP commands (README "Protocol"), each with the secret. One HttpClient for every user.
public sealed class BridgeClient : IDisposable
{
    private readonly HttpClient _http;

    public BridgeClient(IOptions<WhatsAppBridgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.Value.RequestTimeout,
        };
    }

    // Throws when the bridge does not answer, or refuses the secret.
    public async Task PingAsync(BridgeAddress bridge, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Get, "health", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    // null when the bridge has no session for the user (it restarted, or never had one).
    public async Task<BridgeStatus?> StatusAsync(BridgeAddress bridge, string userId, bool heartbeat, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Get, $"{Session(userId)}/status{(heartbeat ? "?heartbeat=true" : "")}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await ReadAsync<BridgeStatus>(response, cancellationToken);
    }

    // (Re)starts the user's WhatsApp connection with its stored login, or a fresh one (→ QR).
    public async Task<BridgeStatus> InitializeAsync(BridgeAddress bridge, string userId, ChatProviderSettings settings, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Post, "initialize", new { userId, config = ProviderConfig(settings) }, cancellationToken);
        return await ReadAsync<BridgeStatus>(response, cancellationToken);
    }

    // Ends the connection without logging out; a session the bridge no longer has is already stopped.
    public async Task StopAsync(BridgeAddress bridge, string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Post, $"{Session(userId)}/stop", null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    // Logs out of WhatsApp and erases exactly this user's stored login (also when no session runs).
    public async Task LogoutAsync(BridgeAddress bridge, string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Delete, Session(userId), null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<string> SendAsync(BridgeAddress bridge, string userId, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Post, $"{Session(userId)}/send", body, cancellationToken);
        var sent = await ReadAsync<SendAnswer>(response, cancellationToken);
        return sent.ProviderMessageId ?? throw new BridgeRequestException(response.StatusCode, "The bridge answered without a message id.");
    }

    public async Task PresenceAsync(BridgeAddress bridge, string userId, string recipient, string presence, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Post, $"{Session(userId)}/presence", new { recipient, presence }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<ChatGroupInfo>> GroupsAsync(BridgeAddress bridge, string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Post, $"{Session(userId)}/groups", null, cancellationToken);
        var answer = await ReadAsync<GroupsAnswer>(response, cancellationToken);
        return [.. (answer.Groups ?? []).Select(group => new ChatGroupInfo(group.Id, group.Subject ?? group.Id))];
    }

    public async Task<IReadOnlyList<BridgeMessage>> FetchMessagesAsync(
        BridgeAddress bridge, string userId, string groupId, int limit, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(bridge, HttpMethod.Post, $"{Session(userId)}/fetch-messages", new { groupId, limit }, cancellationToken);
        var answer = await ReadAsync<MessagesAnswer>(response, cancellationToken);
        return answer.Messages ?? [];
    }

    // The settings as the bridge reads them (spec/01 ChatProviderSettings, extras included).
    private static Dictionary<string, object?> ProviderConfig(ChatProviderSettings settings)
    {
        var config = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in settings.Extra ?? [])
        {
            config[name] = value;
        }
        config["allow_group_messages"] = settings.AllowGroupMessages;
        config["process_offline_messages"] = settings.ProcessOfflineMessages;
        config["sync_full_history"] = settings.SyncFullHistory;
        return config;
    }

    private static string Session(string userId) => $"sessions/{Uri.EscapeDataString(userId)}";

    private async Task<HttpResponseMessage> SendAsync(
        BridgeAddress bridge, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, bridge.Http(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bridge.Secret);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: BridgeJson.Options);
        }
        return await _http.SendAsync(request, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(BridgeJson.Options, cancellationToken)
            ?? throw new BridgeRequestException(response.StatusCode, "The bridge answered with an empty body.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var error = await ErrorOf(response, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                throw new ChatRateLimitedException($"WhatsApp rate-limited the account: {error}", RetryAfter(response, error));
            case HttpStatusCode.NotFound:
                throw new BridgeSessionNotConnectedException($"The WhatsApp session is not connected: {error.Message}");
            default:
                throw new BridgeRequestException(response.StatusCode, $"The WhatsApp bridge answered {(int)response.StatusCode}: {error.Message}");
        }
    }

    private static async Task<ErrorAnswer> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ErrorAnswer>(BridgeJson.Options, cancellationToken) ?? new(null, null);
        }
        catch (JsonException)
        {
            return new(null, null);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, ErrorAnswer error) =>
        error.RetryAfterSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds)
        : response.Headers.RetryAfter?.Delta;

    public void Dispose() => _http.Dispose();

    private sealed record SendAnswer([property: JsonPropertyName("provider_message_id")] string? ProviderMessageId);

    private sealed record GroupsAnswer([property: JsonPropertyName("groups")] List<GroupAnswer>? Groups);

    private sealed record GroupAnswer([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("subject")] string? Subject);

    private sealed record MessagesAnswer([property: JsonPropertyName("messages")] List<BridgeMessage>? Messages);

    private sealed record ErrorAnswer(
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("retry_after_seconds")] double? RetryAfterSeconds)
    {
        public string Message => Error ?? "no details";

        public override string ToString() => Message;
    }
}

internal static class BridgeJson
{
    // Property names are spelled out on every type: the bridge mixes camelCase requests and snake_case answers.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
