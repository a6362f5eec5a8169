namespace MyChatImposter.Pages.Bots.Settings;

// Group tracking: on or off, the tracked groups as rows in the order they are saved (group, display name,
// cron schedule), and kid phone safety. A row without group and name is blank and dropped, whatever its
// schedule says (a new row starts with the default schedule).
public sealed class TrackingForm : ISettingsForm<TrackingForm>, IRowLists
{
    public const string GroupsList = "tracked";

    private const string TrackedGroups = "features.periodic_group_tracking.tracked_groups";

    public bool Enabled { get; set; }

    public List<GroupRow> Groups { get; set; } = [];

    public bool KidPhoneSafety { get; set; }

    public sealed class GroupRow
    {
        public string? GroupId { get; set; }

        public string? DisplayName { get; set; }

        public string? Cron { get; set; } = new TrackedGroup().CronTrackingSchedule;

        public bool IsBlank => string.IsNullOrWhiteSpace(GroupId) && string.IsNullOrWhiteSpace(DisplayName);
    }

    public static TrackingForm FromDocument(UserConfiguration configuration) => new()
    {
        Enabled = configuration.Features.PeriodicGroupTracking.Enabled,
        Groups = [.. configuration.Features.PeriodicGroupTracking.TrackedGroups.Select(group => new GroupRow
        {
            GroupId = group.GroupIdentifier,
            DisplayName = group.DisplayName,
            Cron = group.CronTrackingSchedule,
        })],
        KidPhoneSafety = configuration.Features.KidPhoneSafetyTracking.Enabled,
    };

    public UserConfiguration ApplyTo(UserConfiguration stored) => stored with
    {
        Features = stored.Features with
        {
            PeriodicGroupTracking = stored.Features.PeriodicGroupTracking with
            {
                Enabled = Enabled,
                TrackedGroups = [.. Groups.Where(row => !row.IsBlank).Select(row => new TrackedGroup
                {
                    GroupIdentifier = row.GroupId?.Trim() ?? "",
                    DisplayName = row.DisplayName?.Trim() ?? "",
                    CronTrackingSchedule = row.Cron?.Trim() ?? "",
                })],
            },
            KidPhoneSafetyTracking = stored.Features.KidPhoneSafetyTracking with { Enabled = KidPhoneSafety },
        },
    };

    public DocumentFields Fields(string prefix) => new DocumentFields(prefix)
        .Field(TrackedGroups, nameof(Groups))
        .Items(TrackedGroups, RowField);

    public bool Edit(RowEdit edit, string? picked) =>
        edit.List == GroupsList && edit.ApplyTo(Groups, row => row.IsBlank, () => new GroupRow(),
            string.IsNullOrWhiteSpace(picked) ? null : () => new GroupRow { GroupId = picked.Trim() });

    public void EndListsWithBlankRows()
    {
        if (Groups.Count == 0 || !Groups[^1].IsBlank)
        {
            Groups.Add(new GroupRow());
        }
    }

    private string? RowField(int index, string? property)
    {
        if (FilledRows.RowOf(Groups, row => row.IsBlank, index) is not { } row)
        {
            return nameof(Groups);
        }
        var field = property switch
        {
            "groupIdentifier" => nameof(GroupRow.GroupId),
            "displayName" => nameof(GroupRow.DisplayName),
            "cronTrackingSchedule" => nameof(GroupRow.Cron),
            _ => nameof(GroupRow.GroupId),
        };
        return $"{nameof(Groups)}[{row}].{field}";
    }
}
