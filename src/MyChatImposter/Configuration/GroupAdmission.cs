namespace MyChatImposter.Configuration;

internal static class GroupAdmission
{
    // The chat provider settings a session runs with: as configured, except that group messages are let in
    // when groups are tracked, because group tracking reads them from the archive (issue 13: tracked groups'
    // messages are archived whether or not groups are answered). Auto-reply still answers only the groups on
    // its own whitelist.
    public static ChatProviderConfig Effective(UserConfiguration configuration)
    {
        var chat = configuration.Configurations.ChatProviderConfig;
        var tracking = configuration.Features.PeriodicGroupTracking;
        return tracking.Enabled && tracking.TrackedGroups.Count > 0 && !chat.ProviderConfig.AllowGroupMessages
            ? chat with { ProviderConfig = chat.ProviderConfig with { AllowGroupMessages = true } }
            : chat;
    }
}
