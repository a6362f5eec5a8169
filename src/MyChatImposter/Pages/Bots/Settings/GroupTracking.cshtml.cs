namespace MyChatImposter.Pages.Bots.Settings;

public sealed class GroupTrackingModel(
    ChatSessions sessions, SettingsSaver saver, TimeProvider time)
    : SettingsPageModel<TrackingForm>(sessions, saver)
{
    public const int RunsShown = 3;

    private readonly ChatSessions _sessions = sessions;

    public override string Section => SettingsNav.Tracking;

    // The live session's groups, to pick a group from; empty without a session.
    public IReadOnlyList<ChatGroupInfo> LiveGroups { get; private set; } = [];

    // Per row: the schedule in words and its next runs, or why it is no schedule.
    public IReadOnlyList<ScheduleView> Schedules { get; private set; } = [];

    public sealed record ScheduleView(string? Words, string? Problem, IReadOnlyList<string> NextRuns);

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        LiveGroups = _sessions.Get(UserId) is { } session
            ? [.. (await session.Provider.ListGroupsAsync(cancellationToken)).OrderBy(group => group.Subject, StringComparer.CurrentCultureIgnoreCase)]
            : [];
        var timezone = Configuration.Configurations.UserDetails.Timezone;
        var now = time.GetUtcNow();
        Schedules = [.. Input.Groups.Select(row =>
        {
            var cron = row.Cron?.Trim() ?? "";
            var (schedule, problem) = ScheduleText.Read(cron, timezone);
            return schedule is null
                ? new ScheduleView(null, problem, [])
                : new ScheduleView(ScheduleText.InWords(cron), null,
                    [.. schedule.NextOccurrences(now, RunsShown).Select(at => ScheduleText.Local(at, schedule.Zone))]);
        })];
    }
}
