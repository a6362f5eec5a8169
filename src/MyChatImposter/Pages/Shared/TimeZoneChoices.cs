namespace MyChatImposter.Pages.Shared;

// The time-zone picker's options: the spec's common zones first (ConfigurationResources), then every IANA
// zone this host knows, alphabetically, each as "Europe/Paris (UTC+01:00)" with '_' shown as spaces and the
// offset of the moment the page is drawn. A stored zone that is neither stays selectable, marked, so opening
// and saving a form never changes it silently.
public static class TimeZoneChoices
{
    public sealed record Choice(string Id, string Text);

    public sealed record Group(string Label, IReadOnlyList<Choice> Choices);

    private static readonly Lazy<IReadOnlyList<string>> AllZones = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones()
            .Where(zone => zone.HasIanaId && IanaTimeZone.CanonicalId(zone.Id) is not null)
            .Select(zone => zone.Id)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)]);

    public static IReadOnlyList<Group> For(DateTimeOffset now, string? current)
    {
        var groups = new List<Group>();
        if (!string.IsNullOrEmpty(current) && !IsListed(current))
        {
            groups.Add(new Group("Stored", [new Choice(current, $"{current} (as stored)")]));
        }
        groups.Add(new Group("Common", [.. ConfigurationResources.Timezones.Select(id => Describe(id, now))]));
        var common = ConfigurationResources.Timezones.ToHashSet(StringComparer.Ordinal);
        groups.Add(new Group("All zones", [.. AllZones.Value.Where(id => !common.Contains(id)).Select(id => Describe(id, now))]));
        return groups;
    }

    public static Choice Describe(string id, DateTimeOffset now)
    {
        var name = id.Replace('_', ' ');
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return new Choice(id, name);
        }
        var offset = zone.GetUtcOffset(now);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return new Choice(id, $"{name} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    private static bool IsListed(string id) =>
        ConfigurationResources.Timezones.Contains(id, StringComparer.Ordinal) || AllZones.Value.Contains(id, StringComparer.Ordinal);
}
