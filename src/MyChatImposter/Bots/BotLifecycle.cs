namespace MyChatImposter.Bots;

public enum ConfigurationSaveOutcome
{
    Saved,
    // Not JSON, or JSON that is not a valid configuration: Errors holds every problem by JSON path.
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

// What a person does to one bot from the admin site: save its configuration, link, unlink, reload,
// delete. The rules and audit rows are the REST API's (UsersApi, SessionsApi), so a change made on a page
// reads the same in the audit log as one made through the API.
public sealed class BotLifecycle(
    IBotConfigurationStore configurations, ChatSessions sessions, AccountService accounts, AuditTrail audit, ApiKeyProtector keys,
    ConfigurationChanges changes, IOptions<LlmOptions> llmOptions)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public async Task<ConfigurationSave> SaveConfigurationAsync(
        string userId, string document, bool createOnly, bool reloadLiveSession, string actor, CancellationToken cancellationToken)
    {
        var read = ConfigurationReader.Read(Encoding.UTF8.GetBytes(document), llmOptions.Value);
        return read.Configuration is null
            ? new(ConfigurationSaveOutcome.Invalid, read.Errors)
            : await SaveConfigurationAsync(userId, read.Configuration, createOnly, reloadLiveSession, actor, cancellationToken);
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
