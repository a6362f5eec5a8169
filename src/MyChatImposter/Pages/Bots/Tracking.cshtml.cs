namespace MyChatImposter.Pages.Bots;

// One bot's tracked groups (issue 13): each schedule in words with its next runs in the user's zone, the
// periods processed so far and "run now" (the API's rules and messages). Two JSON handlers help whoever
// edits the configuration: the live session's groups, and a cron's next occurrences as it is typed.
// Owner or admin by the route's {user_id}, as every bot page.
public sealed class TrackingModel(
    ITrackedPeriodStore periods, GroupTrackingRunner runner, ChatSessions sessions, TimeProvider time) : BotPageModel
{
    public const int OccurrencesShown = 5;
    public const int PeriodsShown = 20;

    public bool Enabled { get; private set; }

    public string ZoneName { get; private set; } = "UTC";

    // The configured zone was not one this host knows: schedules run in UTC.
    public string? ZoneProblem { get; private set; }

    public IReadOnlyList<GroupView> Groups { get; private set; } = [];

    public sealed record GroupView(
        string GroupId, string DisplayName, string Expression, string? Words, string? Problem,
        IReadOnlyList<string> NextRuns, IReadOnlyList<PeriodView> Periods);

    public sealed record PeriodView(string Start, string End, string Status, int Messages, int Items, int Attempts, string? LastError);

    public sealed record Occurrence(DateTimeOffset Utc, string Local);

    // Words: the schedule in words (ScheduleText.InWords), null when it has none or is no schedule.
    public sealed record Preview(string Zone, IReadOnlyList<Occurrence> Occurrences, string? Problem, string? Words = null);

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var configuration = Configuration;
        var timezone = configuration.Configurations.UserDetails.Timezone;
        var tracking = configuration.Features.PeriodicGroupTracking;
        Enabled = tracking.Enabled;
        var zoneOnly = GroupSchedule.Parse("0 0 * * *", timezone);
        var zone = zoneOnly.Zone;
        ZoneName = zone.Id;
        ZoneProblem = zoneOnly.ZoneFellBackToUtc ? $"The time zone '{timezone}' is unknown here: schedules run in UTC." : null;
        var now = time.GetUtcNow();
        var groups = new List<GroupView>();
        foreach (var group in tracking.TrackedGroups)
        {
            var (schedule, problem) = Schedule(group.CronTrackingSchedule, timezone);
            var history = await periods.ListAsync(userId, group.GroupIdentifier, PeriodsShown, cancellationToken);
            groups.Add(new GroupView(
                group.GroupIdentifier, group.DisplayName, group.CronTrackingSchedule, ScheduleText.InWords(group.CronTrackingSchedule), problem,
                schedule is null ? [] : [.. schedule.NextOccurrences(now, OccurrencesShown).Select(at => ScheduleText.Local(at, zone))],
                [.. history.Select(period => new PeriodView(
                    ScheduleText.Local(period.PeriodStart, zone), ScheduleText.Local(period.PeriodEnd, zone), EnumNames<PeriodStatus>.Name(period.Status),
                    period.MessageCount, period.ItemCount, period.Attempts, period.Status == PeriodStatus.Failed ? period.LastError : null))]));
        }
        Groups = groups;
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync([FromRoute(Name = "user_id")] string userId, string? group, CancellationToken cancellationToken)
    {
        var configuration = Configuration;
        var groupId = group ?? "";
        if (!RunNowRules.TryAllow(userId, configuration, groupId.Length > ConfigurationLimits.GroupFieldMaxLength ? "" : groupId,
            out var tracked, out var refusal))
        {
            if (refusal.StatusCode == StatusCodes.Status404NotFound)
            {
                // Not a group of this page: no button to put it beside.
                TempData["Message"] = $"Nothing run: {refusal.Detail}";
                return RedirectToPage(new { handler = (string?)null });
            }
            return RunDone(groupId, $"Not run: {refusal.Detail}");
        }
        runner.StartRunNow(userId, configuration, tracked);
        return RunDone(groupId,
            $"Run started for {tracked.DisplayName}: missed periods first, then up to now. Its periods appear in the history below "
            + "as they are processed (reload the page); its action items go to your own chat through the delivery queue.");
    }

    // The live session's groups, for the configuration's group picker: [{id, subject}], or 409 without a session.
    public async Task<IActionResult> OnGetGroupsAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        if (sessions.Get(userId) is not { } session)
        {
            return new JsonResult(new { problem = $"'{userId}' has no live session; link it to list its groups." })
            {
                StatusCode = StatusCodes.Status409Conflict,
            };
        }
        var groups = await session.Provider.ListGroupsAsync(cancellationToken);
        return new JsonResult(groups.OrderBy(g => g.Subject, StringComparer.CurrentCultureIgnoreCase).Select(g => new { id = g.Id, subject = g.Subject }));
    }

    // A cron's next occurrences in the bot's zone, as it is typed, or why it is not a schedule.
    public async Task<IActionResult> OnGetPreviewAsync(
        [FromRoute(Name = "user_id")] string userId, string? cron, CancellationToken cancellationToken)
    {
        var timezone = Configuration.Configurations.UserDetails.Timezone;
        var (schedule, problem) = Schedule(cron ?? "", timezone);
        // A half-typed schedule is the usual case here, not a bad request: 200 with its problem (a 4xx would also
        // put an error on the browser's console at every keystroke).
        if (schedule is null)
        {
            return new JsonResult(new Preview(Zone(timezone).Id, [], problem));
        }
        var occurrences = schedule.NextOccurrences(time.GetUtcNow(), OccurrencesShown)
            .Select(at => new Occurrence(at, ScheduleText.Local(at, schedule.Zone)));
        return new JsonResult(new Preview(schedule.Zone.Id, [.. occurrences], null, ScheduleText.InWords(schedule.Expression)));
    }

    private static (GroupSchedule? Schedule, string? Problem) Schedule(string cron, string? timezone) => ScheduleText.Read(cron, timezone);

    // The zone a schedule of this bot runs in; UTC when the configured one is unknown (GroupSchedule's rule).
    private static TimeZoneInfo Zone(string? timezone) => GroupSchedule.Parse("0 0 * * *", timezone).Zone;

    private RedirectToPageResult RunDone(string groupId, string message)
    {
        TempData["RunGroup"] = groupId;
        TempData["RunMessage"] = message;
        return RedirectToPage(new { handler = (string?)null });
    }
}
