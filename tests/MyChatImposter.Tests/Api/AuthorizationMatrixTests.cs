using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MyChatImposter.Accounts;
using MyChatImposter.Bots;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Api;

// Who may call what, for every endpoint of the OpenAPI document the host serves: each is called as anonymous,
// an administrator, the bot's owner and another regular user, each with a session cookie and with a personal
// API token, and the outcome is held to the rule this table gives the endpoint. An endpoint without a row
// fails the test, so no new endpoint goes unchecked; a row without an endpoint fails it too.
public sealed partial class AuthorizationMatrixTests : IAsyncLifetime
{
    // Who gets through, by rule. Allowed = the handler ran (whatever it answered: 200, 400, 404...).
    public enum Rule
    {
        // No sign-in needed (login, logout).
        Public,
        // Any signed-in user: their own things, or read-only lists every user needs.
        SignedIn,
        // Administrators only.
        Admin,
        // The owner of the bot the route names ({user_id}), or an administrator.
        OwnerOrAdmin,
        // Any signed-in user, with the session cookie only: a token cannot mint tokens (it would outlive itself).
        SignedInByCookie,
    }

    public enum Outcome
    {
        Allowed,
        Unauthenticated,
        Forbidden,
    }

    public enum Caller
    {
        Anonymous,
        AdminCookie,
        OwnerCookie,
        OtherCookie,
        AdminToken,
        OwnerToken,
        OtherToken,
    }

    private static readonly Dictionary<string, Rule> Table = new()
    {
        ["GET /events"] = Rule.SignedIn,
        ["GET /bots/{user_id}/events"] = Rule.OwnerOrAdmin,

        ["POST /api/external/auth/login"] = Rule.Public,
        ["POST /api/external/auth/logout"] = Rule.Public,
        ["GET /api/external/auth/me"] = Rule.SignedIn,
        ["POST /api/external/auth/password"] = Rule.SignedIn,
        ["GET /api/external/auth/sessions"] = Rule.SignedIn,
        ["GET /api/external/auth/tokens"] = Rule.SignedIn,
        ["POST /api/external/auth/tokens"] = Rule.SignedInByCookie,
        ["DELETE /api/external/auth/tokens/{token_id}"] = Rule.SignedIn,
        ["GET /api/external/tokens"] = Rule.Admin,
        ["DELETE /api/external/tokens/{token_id}"] = Rule.Admin,
        ["DELETE /api/external/auth/sessions"] = Rule.SignedIn,
        ["DELETE /api/external/auth/sessions/{fingerprint}"] = Rule.SignedIn,

        ["POST /api/external/accounts"] = Rule.Admin,
        ["GET /api/external/accounts"] = Rule.Admin,
        ["GET /api/external/accounts/{user_id}"] = Rule.Admin,
        ["DELETE /api/external/accounts/{user_id}"] = Rule.Admin,
        ["PUT /api/external/accounts/{user_id}/role"] = Rule.Admin,
        ["PUT /api/external/accounts/{user_id}/disabled"] = Rule.Admin,
        ["PUT /api/external/accounts/{user_id}/password"] = Rule.Admin,
        ["POST /api/external/accounts/{user_id}/unlock"] = Rule.Admin,
        ["GET /api/external/audit"] = Rule.Admin,

        ["GET /api/external/users"] = Rule.Admin,
        ["GET /api/external/users/schema"] = Rule.SignedIn,
        ["GET /api/external/users/defaults"] = Rule.SignedIn,
        ["GET /api/external/users/status"] = Rule.SignedIn,
        ["GET /api/external/users/{user_id}"] = Rule.OwnerOrAdmin,
        ["PUT /api/external/users/{user_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/users/{user_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/status"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/groups"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/actions/link"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/actions/unlink"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/actions/reload"] = Rule.OwnerOrAdmin,
        ["GET /api/external/resources/languages"] = Rule.SignedIn,
        ["GET /api/external/resources/timezones"] = Rule.SignedIn,

        ["POST /api/external/users/{user_id}/sandbox/inbound"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/sandbox/outbound"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/sandbox/groups"] = Rule.OwnerOrAdmin,
        ["PUT /api/external/users/{user_id}/sandbox/groups"] = Rule.OwnerOrAdmin,

        ["GET /api/external/features/automatic_bot_reply/queue/{user_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/automatic_bot_reply/queue/{user_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/features/automatic_bot_reply/queue/{user_id}/{correspondent_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/automatic_bot_reply/queue/{user_id}/{correspondent_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/features/automatic_bot_reply/incoming-buffer/{user_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/automatic_bot_reply/incoming-buffer/{user_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/automatic_bot_reply/incoming-buffer/{user_id}/{correspondent_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/features/automatic_bot_reply/context/{user_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/automatic_bot_reply/context/{user_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}/{group_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}/{group_id}"] = Rule.OwnerOrAdmin,
        ["POST /api/external/features/periodic_group_tracking/trackedGroups/{user_id}/{group_id}/run"] = Rule.OwnerOrAdmin,

        ["GET /api/external/dead-letters"] = Rule.Admin,
        ["GET /api/external/users/{user_id}/dead-letters"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/delivery"] = Rule.OwnerOrAdmin,
        ["GET /api/external/async-message-delivery-queue/{queue_type}/{user_id}"] = Rule.OwnerOrAdmin,
        // Any signed-in user may ask; the handler answers 404 for an item that is not theirs (no existence leak).
        ["DELETE /api/external/async-message-delivery-queue/{queue_type}/{message_id}"] = Rule.SignedIn,
        ["POST /api/external/async-message-delivery-queue/failed/{message_id}/retry"] = Rule.SignedIn,
        ["POST /api/external/async-message-delivery-queue/failed/users/{user_id}/retry"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/llm-interactions"] = Rule.OwnerOrAdmin,

        ["GET /api/external/users/{user_id}/drafts"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/drafts/{draft_id}"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/drafts/{draft_id}/approve"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/drafts/{draft_id}/reject"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/takeovers"] = Rule.OwnerOrAdmin,
        ["PUT /api/external/users/{user_id}/takeovers/{correspondent_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/users/{user_id}/takeovers/{correspondent_id}"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/replyHistory"] = Rule.OwnerOrAdmin,

        ["GET /api/external/users/{user_id}/webhooks"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/webhooks"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/webhooks/{webhook_id}"] = Rule.OwnerOrAdmin,
        ["PUT /api/external/users/{user_id}/webhooks/{webhook_id}"] = Rule.OwnerOrAdmin,
        ["DELETE /api/external/users/{user_id}/webhooks/{webhook_id}"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/webhooks/{webhook_id}/secret"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/webhooks/{webhook_id}/test"] = Rule.OwnerOrAdmin,
        ["GET /api/external/users/{user_id}/webhooks/{webhook_id}/deliveries"] = Rule.OwnerOrAdmin,
        ["POST /api/external/users/{user_id}/webhooks/deliveries/{delivery_id}/redeliver"] = Rule.OwnerOrAdmin,
    };

    private const string Owner = "olive";
    private const string Other = "otto";
    private const string Password = "Matrix-Passw0rd!";

    private static readonly Dictionary<string, string> RouteValues = new()
    {
        ["user_id"] = Owner,
        ["correspondent_id"] = "dana",
        ["group_id"] = "g1@g.us",
        ["queue_type"] = "active",
        ["message_id"] = "m-unknown",
        ["draft_id"] = "999",
        ["fingerprint"] = "unknown",
        ["token_id"] = "unknown",
        ["webhook_id"] = "unknown",
        ["delivery_id"] = "unknown",
    };

    private readonly ImposterApp _app = new(new Dictionary<string, string>
    {
        // The test signs its callers in again after an endpoint ended their session (logout, account deleted).
        ["Auth:LoginAttemptsPerMinute"] = "1000",
    });

    private readonly Dictionary<Caller, HttpClient> _clients = [];
    private JsonObject _document = null!;

    public async ValueTask InitializeAsync()
    {
        using var anonymous = _app.CreateClient();
        _document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        await _app.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private List<(string Method, string Path)> DocumentedOperations() =>
        [.. from path in _document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            select (operation.Key.ToUpperInvariant(), path.Key)];

    [Fact]
    public void Every_documented_endpoint_has_a_row_and_every_row_an_endpoint()
    {
        var documented = DocumentedOperations().Select(operation => $"{operation.Method} {operation.Path}").ToHashSet();

        var withoutRow = documented.Where(endpoint => !Table.ContainsKey(endpoint)).Order().ToList();
        var withoutEndpoint = Table.Keys.Where(row => !documented.Contains(row)).Order().ToList();

        Assert.True(withoutRow.Count == 0, "endpoints without a row in the table: " + string.Join(", ", withoutRow));
        Assert.True(withoutEndpoint.Count == 0, "rows for endpoints the host does not have: " + string.Join(", ", withoutEndpoint));
    }

    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_its_rule_says()
    {
        var cells = 0;
        var wrong = new List<string>();
        foreach (var (method, path) in DocumentedOperations().Where(operation => Table.ContainsKey($"{operation.Method} {operation.Path}")))
        {
            var rule = Table[$"{method} {path}"];
            foreach (var caller in Enum.GetValues<Caller>())
            {
                await EnsureWorldAsync();
                var actual = await CallAsync(caller, method, path);
                var expected = Expected(rule, caller);
                cells++;
                if (actual != expected)
                {
                    wrong.Add($"{method} {path} as {caller}: {actual}, the table says {expected} ({rule})");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells} cells differ:\n" + string.Join("\n", wrong));
        Assert.Equal(Table.Count * Enum.GetValues<Caller>().Length, cells);
    }

    private static Outcome Expected(Rule rule, Caller caller)
    {
        if (caller == Caller.Anonymous)
        {
            return rule == Rule.Public ? Outcome.Allowed : Outcome.Unauthenticated;
        }
        var isAdmin = caller is Caller.AdminCookie or Caller.AdminToken;
        var isOwner = caller is Caller.OwnerCookie or Caller.OwnerToken;
        var byToken = caller is Caller.AdminToken or Caller.OwnerToken or Caller.OtherToken;
        return rule switch
        {
            Rule.Public or Rule.SignedIn => Outcome.Allowed,
            Rule.Admin => isAdmin ? Outcome.Allowed : Outcome.Forbidden,
            Rule.OwnerOrAdmin => isAdmin || isOwner ? Outcome.Allowed : Outcome.Forbidden,
            Rule.SignedInByCookie => byToken ? Outcome.Forbidden : Outcome.Allowed,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    private async Task<Outcome> CallAsync(Caller caller, string method, string path)
    {
        var url = RouteValue().Replace(path, match => Uri.EscapeDataString(RouteValues[match.Groups[1].Value]));
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            // An empty object: enough to pass authorization and be refused by validation, changing nothing.
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        var client = caller == Caller.Anonymous ? AnonymousClient() : _clients[caller];
        // Event streams never end: the status line is the answer.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.Unauthenticated,
            // The authorization layer's refusal, not a handler's own 403 (a wrong current password).
            HttpStatusCode.Forbidden when await ProblemTitleAsync(response) == "Forbidden" => Outcome.Forbidden,
            _ => Outcome.Allowed,
        };
    }

    private static async Task<string?> ProblemTitleAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["title"];

    private HttpClient AnonymousClient() => _clients.TryGetValue(Caller.Anonymous, out var client)
        ? client
        : _clients[Caller.Anonymous] = _app.CreateClient("10.0.9.9");

    // Some endpoints change what the next call meets: a logout or password change ends a session, an account
    // or a bot is deleted. Before each call the world is put back: both users and their bots exist, and each
    // caller holds a session or a token that works.
    private async Task EnsureWorldAsync()
    {
        var accounts = _app.Service<IAccountStore>();
        foreach (var (userId, role) in new[] { (ImposterApp.AdminId, AccountRole.Admin), (Owner, AccountRole.User), (Other, AccountRole.User) })
        {
            var password = userId == ImposterApp.AdminId ? ImposterApp.AdminPassword : Password;
            if (await accounts.GetAsync(userId, Ct) is null)
            {
                await _app.CreateAccountAsync(userId, password, role);
            }
            if (userId != ImposterApp.AdminId && await _app.Service<IBotConfigurationStore>().GetAsync(userId, Ct) is null)
            {
                var saved = await _app.Service<BotLifecycle>().SaveConfigurationAsync(
                    userId, ConfigurationDocuments.Valid(userId).ToJsonString(), createOnly: true, reloadLiveSession: false, "test", Ct);
                Assert.True(saved.Succeeded);
            }
        }
        await EnsureCallerAsync(Caller.AdminCookie, ImposterApp.AdminId, ImposterApp.AdminPassword, byToken: false);
        await EnsureCallerAsync(Caller.OwnerCookie, Owner, Password, byToken: false);
        await EnsureCallerAsync(Caller.OtherCookie, Other, Password, byToken: false);
        await EnsureCallerAsync(Caller.AdminToken, ImposterApp.AdminId, ImposterApp.AdminPassword, byToken: true);
        await EnsureCallerAsync(Caller.OwnerToken, Owner, Password, byToken: true);
        await EnsureCallerAsync(Caller.OtherToken, Other, Password, byToken: true);
    }

    private async Task EnsureCallerAsync(Caller caller, string userId, string password, bool byToken)
    {
        if (_clients.TryGetValue(caller, out var client))
        {
            using var me = await client.GetAsync("/api/external/auth/me", Ct);
            if (me.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            client.Dispose();
        }
        var address = $"10.0.{(int)caller}.1";
        if (byToken)
        {
            // A new name each time: a user's tokens that are not revoked have distinct names.
            client = _app.TokenClient(await _app.CreateTokenAsync(userId, $"matrix {Guid.NewGuid():N}"), address);
        }
        else
        {
            client = await _app.SignedInClientAsync(userId, password, address);
        }
        _clients[caller] = client;
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex RouteValue();
}
