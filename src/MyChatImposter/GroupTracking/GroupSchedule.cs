using Cronos;

namespace MyChatImposter.GroupTracking;

// A tracked group's cron schedule in its user's time zone; occurrences are UTC instants. One library,
// standard semantics, for firing and for windows alike (spec/14 #25: Sunday is 0 or 7, Monday is 1).
//
// Daylight saving time, as spec/05 §3 asks, with Cronos doing the wall-clock arithmetic:
// - Fall back (Cronos' own rule): an interval-type expression (`0 * * * *`, `*/30 * * * *`) fires at both
//   instants of a repeated local time (01:00 EDT = 05:00Z, then 01:00 EST = 06:00Z); a fixed-time
//   expression (`30 1 * * *`) fires once, at the first of the two, so a daily digest is not produced twice
//   and that day's window is 25 h.
// - Spring forward: a local time that does not exist is skipped for hour-interval expressions (hourly in
//   New York on 2024-03-10 has no 02:00; the occurrence after 01:00 EST is 03:00 EDT). For fixed hours
//   (`30 2 * * *`) we keep Cronos' choice, firing at the first instant after the gap (03:00 EDT), rather
//   than skipping the day: skipping would silently drop that day's digest, firing 30 minutes "early" in
//   wall time costs nothing since the next window starts where this one ends.
internal sealed class GroupSchedule
{
    // Rare schedules (`0 0 29 2 *`, `0 0 29 2 1`: February 29 on a Monday) recur at most every 40 years;
    // a backward search gives up beyond this.
    private static readonly TimeSpan BackwardSearchLimit = TimeSpan.FromDays(366 * 100);
    private static readonly TimeSpan FirstBackwardSpan = TimeSpan.FromMinutes(2);

    private readonly CronExpression _cron;
    private readonly bool _hourInterval;

    private GroupSchedule(string expression, CronExpression cron, TimeZoneInfo zone, bool zoneFellBackToUtc)
    {
        Expression = expression;
        _cron = cron;
        Zone = zone;
        ZoneFellBackToUtc = zoneFellBackToUtc;
        var hourField = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1];
        _hourInterval = hourField.Contains('*') || hourField.Contains('/');
    }

    public string Expression { get; }

    public TimeZoneInfo Zone { get; }

    // The user's zone was not an IANA zone this host knows; the schedule runs in UTC, as the original did.
    public bool ZoneFellBackToUtc { get; }

    // The expression must pass TrackingSchedule.Problem (five fields, fires at all); the configuration
    // validator already guarantees it for stored configurations. An unknown or invalid zone means UTC, as in
    // the original, rather than no digest at all.
    public static GroupSchedule Parse(string cronExpression, string? timeZoneId)
    {
        if (TrackingSchedule.Problem(cronExpression) is { } problem)
        {
            throw new FormatException($"Cron schedule '{cronExpression}' {problem}");
        }
        var cron = CronExpression.Parse(cronExpression, CronFormat.Standard);
        var canonical = timeZoneId is null ? null : IanaTimeZone.CanonicalId(timeZoneId);
        return canonical is not null && TimeZoneInfo.TryFindSystemTimeZoneById(canonical, out var zone)
            ? new GroupSchedule(cronExpression, cron, zone, zoneFellBackToUtc: false)
            : new GroupSchedule(cronExpression, cron, TimeZoneInfo.Utc, zoneFellBackToUtc: true);
    }

    // The first occurrence strictly after `after`.
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var from = after.UtcDateTime;
        while (_cron.GetNextOccurrence(from, Zone, inclusive: false) is { } next)
        {
            if (IsKept(next))
            {
                return Instant(next);
            }
            from = next;
        }
        return null;
    }

    public IReadOnlyList<DateTimeOffset> NextOccurrences(DateTimeOffset after, int count)
    {
        var occurrences = new List<DateTimeOffset>(count);
        var from = after;
        while (occurrences.Count < count && Next(from) is { } next)
        {
            occurrences.Add(next);
            from = next;
        }
        return occurrences;
    }

    // Occurrences in (fromExclusive, toInclusive], oldest first.
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset fromExclusive, DateTimeOffset toInclusive) =>
        fromExclusive >= toInclusive
            ? []
            : _cron.GetOccurrences(fromExclusive.UtcDateTime, toInclusive.UtcDateTime, Zone, fromInclusive: false, toInclusive: true)
                .Where(IsKept)
                .Select(Instant);

    // The last occurrence strictly before `before`. Cronos only searches forward, so look in spans that
    // double going back (2 min, 4 min, ...) and take the last occurrence of the first span that has one:
    // a dense schedule answers at once, a rare one in a few dozen steps, and each span holds at most about
    // twice the occurrences of the gap being crossed.
    public DateTimeOffset? Previous(DateTimeOffset before)
    {
        var to = before.UtcDateTime.AddTicks(-1);
        var limit = to - BackwardSearchLimit;
        var searched = to;
        for (var span = FirstBackwardSpan; searched > limit; span += span)
        {
            var from = to - span < limit ? limit : to - span;
            // Only the part not yet searched: (from, searched].
            DateTime? last = null;
            foreach (var occurrence in _cron.GetOccurrences(from, searched, Zone, fromInclusive: false, toInclusive: true))
            {
                if (IsKept(occurrence))
                {
                    last = occurrence;
                }
            }
            if (last is { } found)
            {
                return Instant(found);
            }
            searched = from;
        }
        return null;
    }

    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset instant) => Previous(instant.AddTicks(1));

    // Cronos moves an occurrence whose local time falls in a spring-forward gap to the end of the gap. Kept
    // for fixed hours (the day's digest), dropped for hour-interval expressions whose gap time simply does not
    // exist (spec/05 §3); the wall clock of a moved occurrence no longer matches the expression.
    private bool IsKept(DateTime occurrenceUtc) => !_hourInterval || MatchesWallClock(occurrenceUtc);

    private bool MatchesWallClock(DateTime occurrenceUtc)
    {
        var wall = DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(occurrenceUtc, Zone), DateTimeKind.Utc);
        return _cron.GetNextOccurrence(wall, inclusive: true) == wall;
    }

    private static DateTimeOffset Instant(DateTime utc) => new(utc, TimeSpan.Zero);
}
