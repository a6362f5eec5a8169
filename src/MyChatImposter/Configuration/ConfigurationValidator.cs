namespace MyChatImposter.Configuration;

// Everything a document must satisfy before it is stored or used to start a session. The per-field bounds
// are declared on the records (see DeclaredConstraints); the rules below need more than one field or
// knowledge outside the document (provider registry, time-zone database, cron parser, and the host's LLM
// options, which say where a base_url may lead).
public static class ConfigurationValidator
{
    private const string UserId = "user_id";
    private const string ChatProviderName = "configurations.chat_provider_config.provider_name";
    private const string LlmProviderName = "configurations.llm_provider_config.provider_name";
    private const string LlmSettings = "configurations.llm_provider_config.provider_config";
    private const string ApiKey = LlmSettings + ".api_key";
    private const string BaseUrl = LlmSettings + ".base_url";
    private const string Timezone = "configurations.user_details.timezone";
    private const string TrackedGroups = "features.periodic_group_tracking.tracked_groups";
    private const string ReplyModes = "features.automatic_bot_reply.reply_modes";

    public static IReadOnlyDictionary<string, string[]> Validate(UserConfiguration configuration, LlmOptions llmOptions)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(llmOptions);
        var errors = new ConfigurationErrors();
        if (DeclaredConstraints.Check(configuration, errors))
        {
            CheckUserIdNotReserved(configuration.UserId, errors);
            CheckProviders(configuration.Configurations, llmOptions, errors);
            CheckTimezone(configuration.Configurations.UserDetails, errors);
            CheckTrackedGroups(configuration.Features.PeriodicGroupTracking.TrackedGroups, errors);
            CheckReplyModes(configuration.Features.AutomaticBotReply, errors);
        }
        return errors.ToDictionary();
    }

    // A key that is no whitelist entry would silently never apply: most likely a typo or an entry removed
    // from the whitelist, so it is refused by name. Entries are compared as the whitelist uses them (trimmed).
    private static void CheckReplyModes(AutomaticBotReplyConfig settings, ConfigurationErrors errors)
    {
        var entries = settings.RespondToWhitelist.Concat(settings.RespondToWhitelistGroup)
            .Select(entry => entry.Trim())
            .ToHashSet(StringComparer.Ordinal);
        foreach (var key in settings.ReplyModes.Keys.Where(key => !entries.Contains(key.Trim())))
        {
            errors.Add(DocumentPath.Property(ReplyModes, key),
                "is not an entry of respond_to_whitelist or respond_to_whitelist_group; add it there or remove it here.");
        }
    }

    private static void CheckUserIdNotReserved(string userId, ConfigurationErrors errors)
    {
        if (UserIdRule.Reserved.Contains(userId))
        {
            errors.Add(UserId, $"'{userId}' is reserved (it names an API path); choose another id.");
        }
    }

    private static void CheckProviders(ConfigurationsSettings settings, LlmOptions llmOptions, ConfigurationErrors errors)
    {
        if (!ProviderNames.TryResolveChat(settings.ChatProviderConfig.ProviderName, out _))
        {
            errors.Add(ChatProviderName, $"is not a known chat provider; use {ProviderNames.ChatNamesDescription}.");
        }
        if (!ProviderNames.TryResolveLlm(settings.LlmProviderConfig.ProviderName, out _))
        {
            errors.Add(LlmProviderName, $"is not a known LLM provider; use {ProviderNames.LlmNamesDescription}.");
        }

        var llm = settings.LlmProviderConfig.ProviderConfig;
        if (llm.ApiKeySource == ApiKeySource.Explicit && string.IsNullOrWhiteSpace(llm.ApiKey) && !errors.Contains(ApiKey))
        {
            errors.Add(ApiKey, "is required when api_key_source is explicit; set it or use api_key_source environment.");
        }
        CheckBaseUrl(llm, llmOptions, errors);
        foreach (var name in llm.Extra?.Keys.Where(LlmRequestFields.IsSetByEachCall) ?? [])
        {
            errors.Add(DocumentPath.Property(LlmSettings, name),
                "is set by each call to the model, so it cannot be a provider setting; remove it.");
        }
    }

    // Absolute http or https: the OpenAI client needs a scheme and host, and anything else (file:, ftp:) is
    // either a mistake or a way to make the host read what it should not. Then where it may lead (LlmEndpoint).
    private static void CheckBaseUrl(LlmProviderSettings llm, LlmOptions llmOptions, ConfigurationErrors errors)
    {
        if (llm.BaseUrl is not { } baseUrl || errors.Contains(BaseUrl))
        {
            return;
        }
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || !LlmEndpoint.IsHttpUrl(uri))
        {
            errors.Add(BaseUrl, "must be an absolute http or https URL such as https://llm.example.com/v1, or null for the host's endpoint.");
            return;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            // Credentials in the URL would be shown wherever the URL is; the key belongs in api_key.
            errors.Add(BaseUrl, "must not carry a user name, password, query or fragment; put a key in api_key.");
        }
        foreach (var problem in LlmEndpoint.Problems(llm, uri, llmOptions))
        {
            errors.Add(BaseUrl, problem);
        }
    }

    private static void CheckTimezone(UserDetails details, ConfigurationErrors errors)
    {
        if (errors.Contains(Timezone))
        {
            return;
        }
        // An exact spelling is required so the stored id means the same zone on every host.
        var canonical = IanaTimeZone.CanonicalId(details.Timezone);
        if (canonical is null)
        {
            errors.Add(Timezone, "must be an IANA time zone name such as UTC, Europe/London or America/New_York.");
        }
        else if (canonical != details.Timezone)
        {
            errors.Add(Timezone, $"must be spelled as in the time-zone database: {canonical}.");
        }
    }

    private static void CheckTrackedGroups(IReadOnlyList<TrackedGroup> groups, ConfigurationErrors errors)
    {
        // The original keyed jobs by groupIdentifier, so a duplicate silently replaced the earlier entry.
        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < groups.Count; index++)
        {
            var group = groups[index];
            var groupPath = DocumentPath.Item(TrackedGroups, index);

            var schedulePath = DocumentPath.Property(groupPath, "cronTrackingSchedule");
            if (!errors.Contains(schedulePath) && TrackingSchedule.Problem(group.CronTrackingSchedule) is { } problem)
            {
                errors.Add(schedulePath, problem);
            }

            var identifierPath = DocumentPath.Property(groupPath, "groupIdentifier");
            if (!errors.Contains(identifierPath) && !firstIndexById.TryAdd(group.GroupIdentifier, index))
            {
                errors.Add(identifierPath,
                    $"repeats tracked_groups[{firstIndexById[group.GroupIdentifier]}]; each group can be tracked once.");
            }
        }
    }
}
