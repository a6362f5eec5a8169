namespace MyChatImposter.GroupTracking;

// One period of a group's messages to digest: those whose originating time t has Start < t <= End. Periods of
// one group follow each other without gap or overlap, so every message belongs to exactly one.
internal sealed record TrackingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    // The period would have started earlier (at the last processed end, or the previous occurrence) but the
    // look-back cut it: messages before Start were never processed ("older messages were not processed").
    public bool StartClamped { get; init; }

    // An occurrence that was missed (host down, account offline) and is caught up after a later one fired.
    public bool IsCatchUp { get; init; }

    // Missed occurrences inside this period beyond MaxCatchUpPeriods, folded in rather than given a digest each.
    public int FoldedOccurrences { get; init; }

    // "Run now": the period ends at the present, not at an occurrence; the next period starts at its End.
    public bool IsPartial { get; init; }

    public bool Contains(DateTimeOffset originatingTime) => originatingTime > Start && originatingTime <= End;
}

// The periods a group's run must process at `now`, from the end of its last successfully processed period.
// A pure function of its inputs (no clock), in the manner of DeliveryPlanner.
//
// Rules:
// 1. End of the latest period = the latest occurrence at or before now (an occurrence exactly at now is
//    due); jitter and delay are snapped back. None within the look-back → nothing due.
// 2. No processed period yet → one period, previous occurrence → End (the original's first run).
// 3. Otherwise one period per occurrence in (lastProcessedEnd, now]: (last, o1], (o1, o2], … Nothing is
//    dropped between runs, unlike the original's 15-minute cap (spec/14 #11). lastProcessedEnd at or after
//    the latest occurrence → nothing due, so a second run of the same occurrence is harmless.
// 4. Look-back: occurrences at or before now − LookBack are not caught up, and the first period starts no
//    earlier than now − LookBack (clamped, and flagged so the UI can say what was not processed). The
//    exception: the latest period is never cut, so a weekly or monthly schedule, whose every period is as
//    long as or longer than a 7-day look-back, still gets its whole week or month (with the rule applied
//    literally a weekly digest would lose the seconds of jitter every week, a monthly one three weeks).
// 5. More than MaxCatchUpPeriods occurrences → the oldest ones are folded into the first period.
internal sealed class TrackingWindows(GroupTrackingOptions options)
{
    public IReadOnlyList<TrackingPeriod> Due(GroupSchedule schedule, DateTimeOffset now, DateTimeOffset? lastProcessedEnd)
    {
        var lookBackStart = now - options.LookBack;
        if (schedule.LatestAtOrBefore(now) is not { } latest || latest <= lookBackStart)
        {
            return [];
        }
        var latestNaturalStart = schedule.Previous(latest);
        if (lastProcessedEnd is not { } last)
        {
            return latestNaturalStart is { } previous
                ? [new TrackingPeriod(previous, latest)]
                : [new TrackingPeriod(lookBackStart, latest) { StartClamped = true }];
        }
        if (last >= latest)
        {
            return [];
        }

        // The earliest a period may start: the look-back, widened to the latest period's own start (rule 4).
        var floor = latestNaturalStart is { } natural && natural < lookBackStart ? natural : lookBackStart;
        var ends = schedule.Between(last > lookBackStart ? last : lookBackStart, now).ToList();
        var folded = Math.Max(0, ends.Count - options.MaxCatchUpPeriods);
        var periods = new List<TrackingPeriod>(ends.Count - folded);
        var start = last < floor ? floor : last;
        for (var index = folded; index < ends.Count; index++)
        {
            var first = index == folded;
            periods.Add(new TrackingPeriod(start, ends[index])
            {
                StartClamped = first && last < floor,
                IsCatchUp = index < ends.Count - 1,
                FoldedOccurrences = first ? folded : 0,
            });
            start = ends[index];
        }
        return periods;
    }

    // "Run now" (POST …/run): the due periods first, each its own digest, then the partial period from the
    // last of them (or the last processed end, else the look-back) up to the present.
    public IReadOnlyList<TrackingPeriod> RunNow(GroupSchedule schedule, DateTimeOffset now, DateTimeOffset? lastProcessedEnd)
    {
        var due = Due(schedule, now, lastProcessedEnd);
        var lookBackStart = now - options.LookBack;
        var (start, clamped) = due.Count > 0
            ? (due[^1].End, false)
            : lastProcessedEnd is { } last && last >= lookBackStart
                ? (last, false)
                : (lookBackStart, true);
        return start < now
            ? [.. due, new TrackingPeriod(start, now) { StartClamped = clamped, IsPartial = true }]
            : due;
    }
}
