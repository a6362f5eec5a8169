namespace MyChatImposter.Activity;

// A bot's last 7 days, hour by hour (168 hours ending with the current one), with every hour present
// (zero when nothing happened), and the zone its labels are read in.
public sealed record ActivityWeek(string UserId, TimeZoneInfo Zone, IReadOnlyList<BotActivityHour> Hours)
{
    public const int HourCount = 7 * 24;

    public long Received => Hours.Sum(hour => hour.Counts.Received);

    public long Sent => Hours.Sum(hour => hour.Counts.Sent);

    public static async Task<ActivityWeek> ReadAsync(
        BotActivityRecorder recorder, string userId, string? timeZoneId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var to = BotActivityHour.HourOf(now).AddHours(1);
        var from = to.AddHours(-HourCount);
        var stored = (await recorder.ListAsync(userId, from, to, cancellationToken)).ToDictionary(hour => hour.Hour, hour => hour.Counts);
        var hours = Enumerable.Range(0, HourCount)
            .Select(index => from.AddHours(index))
            .Select(hour => new BotActivityHour(userId, hour, stored.GetValueOrDefault(hour, ActivityCounts.None)))
            .ToList();
        return new ActivityWeek(userId, ZoneOf(timeZoneId), hours);
    }

    // The user's zone, or UTC when the id is not an IANA zone this host knows (as group tracking falls back).
    public static TimeZoneInfo ZoneOf(string? timeZoneId) =>
        timeZoneId is not null && IanaTimeZone.CanonicalId(timeZoneId) is { } canonical
            && TimeZoneInfo.TryFindSystemTimeZoneById(canonical, out var zone)
            ? zone
            : TimeZoneInfo.Utc;

    public ChartSeries Series(string title, string unit, ChartKind kind, Func<ActivityCounts, double?> value) =>
        new(title, unit, kind, Zone, [.. Hours.Select(hour => new ChartPoint(hour.Hour, value(hour.Counts)))]);
}
