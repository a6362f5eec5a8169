using System.Security.Claims;

namespace MyChatImposter.Bots;

public enum ConfigurationSaveOutcome
{
    Saved,
    // Not JSON at all (the API's 400): Errors says where reading stopped.
    MalformedJson,
    // JSON that is not a valid configuration (the API's 422): Errors holds every problem by JSON path.
    Invalid,
    // The document's user_id is not the bot being edited (the API's 400).
    UserIdMismatch,
    // A new bot was asked for, but that user id already has one: saving would replace it unseen.
    AlreadyExists,
}

public sealed record ConfigurationSave(
    ConfigurationSaveOutcome Outcome, IReadOnlyDictionary<string, string[]> Errors, string? Problem = null,
    SessionChangeResult? Reload = null)
{
    public bool Succeeded => Outcome == ConfigurationSaveOutcome.Saved;
}

public sealed record BotDeletion(SessionChange Outcome, IReadOnlyDictionary<string, string> Erased);

// A bot as a status list shows it: authenticated = the chat provider holds a linked account's credentials.
public sealed record BotStatus(string UserId, string ChatProvider, string Status, bool Authenticated, LlmHealthReport? Llm);

// Everything done to one bot, by the REST API (UsersApi, SessionsApi) and the admin site's pages alike: read,
// save, delete, link, unlink, reload, status. One set of rules and audit rows, so a change made on a page
// reads the same in the audit log as one made through the API; each caller only turns outcomes into its
// own answer (ProblemDetails, or a message beside a field).
public sealed class BotLifecycle(
    IBotConfigurationStore configurations, IChatSessionStore linkedSessions, ChatSessions sessions, AccountService accounts,
    AuditTrail audit, ApiKeyProtector keys, ConfigurationChanges changes, LlmHealth llmHealth, IOptions<LlmOptions> llmOptions)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    // The stored configuration with its explicit API key masked (a save of this document keeps the key);
    // null when the bot has none.
    public async Task<UserConfiguration?> GetConfigurationAsync(string userId, CancellationToken cancellationToken) =>
        await configurations.GetAsync(userId, cancellationToken) is { } stored ? keys.Masked(stored) : null;

    public Task<ConfigurationSave> SaveConfigurationAsync(
        string userId, string document, bool createOnly, bool reloadLiveSession, string actor, CancellationToken cancellationToken) =>
        SaveConfigurationAsync(userId, Encoding.UTF8.GetBytes(document), createOnly, reloadLiveSession, actor, cancellationToken);

    // A configuration document as sent: malformed JSON and an invalid configuration are told apart.
    public async Task<ConfigurationSave> SaveConfigurationAsync(
        string userId, byte[] document, bool createOnly, bool reloadLiveSession, string actor, CancellationToken cancellationToken)
    {
        var read = ConfigurationReader.Read(document, llmOptions.Value);
        return read.Configuration is not null
            ? await SaveConfigurationAsync(userId, read.Configuration, createOnly, reloadLiveSession, actor, cancellationToken)
            : new(read.IsMalformedJson ? ConfigurationSaveOutcome.MalformedJson : ConfigurationSaveOutcome.Invalid, read.Errors);
    }

    // A configuration built by a form rather than typed as text: the same rules, the same errors by JSON path.
    public async Task<ConfigurationSave> SaveConfigurationAsync(
        string userId, UserConfiguration configuration, bool createOnly, bool reloadLiveSession, string actor,
        CancellationToken cancellationToken)
    {
        var errors = ConfigurationValidator.Validate(configuration, llmOptions.Value);
        if (errors.Count > 0)
        {
            return new(ConfigurationSaveOutcome.Invalid, errors);
        }
        if (!string.Equals(configuration.UserId, userId, StringComparison.Ordinal))
        {
            return new(ConfigurationSaveOutcome.UserIdMismatch, NoErrors,
                $"The document's user_id '{configuration.UserId}' differs from '{userId}', the bot being saved.");
        }
        var stored = await configurations.GetAsync(userId, cancellationToken);
        if (createOnly && stored is not null)
        {
            return new(ConfigurationSaveOutcome.AlreadyExists, NoErrors,
                $"A bot named '{userId}' already exists; edit it instead.");
        }
        // A typed key is stored encrypted; the mask the editor showed keeps the stored key.
        var storable = keys.ForStorage(configuration, stored);
        if (storable.Configuration is null)
        {
            return new(ConfigurationSaveOutcome.Invalid, storable.Errors);
        }

        var created = await configurations.SaveAsync(storable.Configuration, cancellationToken);
        changes.Notify(userId);
        await audit.RecordAsync(AuditEvents.ConfigurationSaved, actor, userId,
            new Dictionary<string, string> { ["created"] = created ? "true" : "false" }, cancellationToken);
        // Reloading is only asked of a session that runs: the saved configuration is used at the next link anyway.
        var reload = reloadLiveSession && sessions.Get(userId) is not null
            ? await sessions.ReloadAsync(userId, cancellationToken)
            : null;
        return new(ConfigurationSaveOutcome.Saved, NoErrors, Reload: reload);
    }

    // Every bot the caller may see (all for an administrator, their own for a user), as the status list shows it.
    public async Task<IReadOnlyList<BotStatus>> ListStatusesAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var linked = (await linkedSessions.ListAsync(cancellationToken)).Select(record => record.UserId).ToHashSet();
        IReadOnlyList<string> visible = caller.IsAdmin() ? await configurations.ListUserIdsAsync(cancellationToken) : [caller.UserId()!];
        var statuses = new List<BotStatus>(visible.Count);
        foreach (var userId in visible)
        {
            // A bot deleted between the listing and this read is simply not listed.
            if (await configurations.GetAsync(userId, cancellationToken) is { } configuration)
            {
                statuses.Add(new BotStatus(userId, configuration.Configurations.ChatProviderConfig.ProviderName,
                    sessions.Get(userId)?.Status.Status ?? ChatStatus.Disconnected, linked.Contains(userId), llmHealth.For(userId)));
            }
        }
        return statuses;
    }

    // The live session's status, or null without one. Asking counts as someone watching the QR code
    // (spec/09 §7): a client polling the status keeps its link attempt alive, one that stops lets it end.
    public ChatStatus? WatchStatus(string userId)
    {
        if (sessions.Get(userId) is not { } session)
        {
            return null;
        }
        session.Provider.Heartbeat();
        return session.Status;
    }

    // The groups the linked account takes part in; null without a live session.
    public async Task<IReadOnlyList<ChatGroupInfo>?> ListGroupsAsync(string userId, CancellationToken cancellationToken) =>
        sessions.Get(userId) is { } session ? await session.Provider.ListGroupsAsync(cancellationToken) : null;

    public async Task<SessionChangeResult> LinkAsync(string userId, string actor, CancellationToken cancellationToken)
    {
        var result = await sessions.LinkAsync(userId, cancellationToken);
        if (result.Outcome == SessionChange.Done)
        {
            await audit.RecordAsync(AuditEvents.Link, actor, userId, cancellationToken: cancellationToken);
        }
        return result;
    }

    public async Task<SessionChangeResult> UnlinkAsync(string userId, string actor, CancellationToken cancellationToken)
    {
        var result = await sessions.UnlinkAsync(userId, cancellationToken);
        if (result.Outcome == SessionChange.Done)
        {
            await audit.RecordAsync(AuditEvents.Unlink, actor, userId, cancellationToken: cancellationToken);
        }
        return result;
    }

    // Not audited, as in the API: a reload changes nothing but the running copy of the saved configuration.
    public Task<SessionChangeResult> ReloadAsync(string userId, CancellationToken cancellationToken) =>
        sessions.ReloadAsync(userId, cancellationToken);

    // Stops the session with logout and erases the configuration and everything kept for the bot; the
    // login account of the same name only when asked. Erased counts each kind of data removed.
    public async Task<BotDeletion> DeleteAsync(string userId, bool deleteAccount, string actor, CancellationToken cancellationToken)
    {
        var (result, erased) = await sessions.DeleteUserAsync(userId, cancellationToken);
        if (result.Outcome == SessionChange.NoConfiguration)
        {
            return new(result.Outcome, new Dictionary<string, string>());
        }
        var details = erased.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(CultureInfo.InvariantCulture));
        if (deleteAccount)
        {
            var account = await accounts.DeleteAsync(userId, actor, cancellationToken);
            details["login_account"] = account.Succeeded ? "1" : account.Outcome.ToString();
        }
        await audit.RecordAsync(AuditEvents.ConfigurationDeleted, actor, userId, details, cancellationToken);
        return new(result.Outcome, details);
    }
}
