using MyChatImposter.GroupTracking;
using static MyChatImposter.Tests.GroupTracking.ScheduleTesting;

namespace MyChatImposter.Tests.GroupTracking;

// The periods one run of a tracked group processes: the latest occurrence at or before now, every missed one
// since the last processed period (no 15-minute cap), bounded by the look-back, folded beyond a maximum.
public sealed class TrackingWindowsTests
{
    private static TrackingWindows Windows(int lookBackDays = 7, int maxCatchUpPeriods = 48) =>
        new(new GroupTrackingOptions { LookBack = TimeSpan.FromDays(lookBackDays), MaxCatchUpPeriods = maxCatchUpPeriods });

    private static List<string> Due(string cron, string zone, string now, string? last, TrackingWindows? windows = null) =>
        [.. (windows ?? Windows()).Due(Schedule(cron, zone), Utc(now), last is null ? null : Utc(last)).Select(Text)];

    // spec/05 §3's worked examples; those that the original capped to 15 minutes are covered whole.
    [Theory]
    [InlineData("0 * * * *", "UTC", "2025-01-01 10:05", null, "2025-01-01 09:00:00 → 2025-01-01 10:00:00")]
    [InlineData("*/2 * * * *", "UTC", "2025-01-01 10:05:05", "2025-01-01 10:02", "2025-01-01 10:02:00 → 2025-01-01 10:04:00")]
    [InlineData("0 * * * *", "UTC", "2025-01-01 10:05", "2025-01-01 08:30",
        "2025-01-01 08:30:00 → 2025-01-01 09:00:00|2025-01-01 09:00:00 → 2025-01-01 10:00:00")]
    [InlineData("0 * * * *", NewYork, "2024-03-10 07:05", "2024-03-10 06:00", "2024-03-10 06:00:00 → 2024-03-10 07:00:00")]
    [InlineData("0 * * * *", NewYork, "2024-11-03 06:05", "2024-11-03 05:00", "2024-11-03 05:00:00 → 2024-11-03 06:00:00")]
    [InlineData("*/30 * * * *", NewYork, "2024-03-10 07:05", "2024-03-10 06:30", "2024-03-10 06:30:00 → 2024-03-10 07:00:00")]
    [InlineData("*/30 * * * *", NewYork, "2024-11-03 06:05", "2024-11-03 05:30", "2024-11-03 05:30:00 → 2024-11-03 06:00:00")]
    public void The_worked_examples_of_the_spec_give_their_windows(string cron, string zone, string now, string? last, string expected)
    {
        Assert.Equal(expected.Split('|'), Due(cron, zone, now, last));
    }

    [Fact]
    public void A_day_of_missed_hourly_runs_is_caught_up_hour_by_hour_instead_of_the_last_15_minutes()
    {
        var periods = Windows().Due(Schedule("0 * * * *"), Utc("2025-01-02 10:05"), Utc("2025-01-01 17:00"));

        Assert.Equal(17, periods.Count);
        Assert.Equal(Utc("2025-01-01 17:00"), periods[0].Start);
        Assert.Equal(Utc("2025-01-02 10:00"), periods[^1].End);
        Assert.All(periods, p => Assert.Equal(TimeSpan.FromHours(1), p.End - p.Start));
        Assert.All(periods.SkipLast(1), p => Assert.True(p.IsCatchUp));
        Assert.False(periods[^1].IsCatchUp);
    }

    [Fact]
    public void Three_daily_periods_missed_during_downtime_are_caught_up_as_three_periods()
    {
        var periods = Windows().Due(Schedule("0 20 * * *", Jerusalem), Utc("2025-01-04 18:00:40"), Utc("2025-01-01 18:00"));

        Assert.Equal(
            ["2025-01-01 18:00:00 → 2025-01-02 18:00:00", "2025-01-02 18:00:00 → 2025-01-03 18:00:00", "2025-01-03 18:00:00 → 2025-01-04 18:00:00"],
            periods.Select(Text));
        Assert.Equal([true, true, false], periods.Select(p => p.IsCatchUp));
        Assert.All(periods, p => Assert.False(p.StartClamped));
    }

    [Theory]
    [InlineData(Jerusalem, "2024-03-28 18:00", "2024-03-29 17:00:20", 23)]
    [InlineData(Jerusalem, "2024-10-26 17:00", "2024-10-27 18:00:20", 25)]
    [InlineData(NewYork, "2024-03-10 01:00", "2024-03-11 00:00:20", 23)]
    [InlineData(NewYork, "2024-11-03 00:00", "2024-11-04 01:00:20", 25)]
    public void A_daily_window_across_a_DST_change_is_23_or_25_hours(string zone, string last, string now, int hours)
    {
        var period = Assert.Single(Windows().Due(Schedule("0 20 * * *", zone), Utc(now), Utc(last)));

        Assert.Equal(Utc(last), period.Start);
        Assert.Equal(TimeSpan.FromHours(hours), period.End - period.Start);
    }

    [Fact]
    public void Missed_hourly_runs_across_the_autumn_change_in_New_York_include_both_one_o_clocks()
    {
        var periods = Due("0 * * * *", NewYork, "2024-11-03 07:10", "2024-11-03 04:00");

        Assert.Equal(
            ["2024-11-03 04:00:00 → 2024-11-03 05:00:00", "2024-11-03 05:00:00 → 2024-11-03 06:00:00", "2024-11-03 06:00:00 → 2024-11-03 07:00:00"],
            periods);
    }

    [Fact]
    public void Missed_hourly_runs_across_the_spring_change_in_Jerusalem_have_no_gap()
    {
        var periods = Due("0 * * * *", Jerusalem, "2024-03-29 01:10", "2024-03-28 22:00");

        Assert.Equal(
            ["2024-03-28 22:00:00 → 2024-03-28 23:00:00", "2024-03-28 23:00:00 → 2024-03-29 00:00:00", "2024-03-29 00:00:00 → 2024-03-29 01:00:00"],
            periods);
    }

    [Fact]
    public void Twelve_days_down_with_a_seven_day_look_back_catches_up_only_the_last_seven_days_and_says_so()
    {
        var now = Utc("2025-01-13 20:00:30");

        var periods = Windows().Due(Schedule("0 20 * * *"), now, Utc("2025-01-01 20:00"));

        Assert.Equal(7, periods.Count);
        Assert.Equal(now.AddDays(-7), periods[0].Start);
        Assert.True(periods[0].StartClamped);
        Assert.Equal(Utc("2025-01-07 20:00"), periods[0].End);
        Assert.All(periods.Skip(1), p => Assert.False(p.StartClamped));
        Assert.Equal(Utc("2025-01-13 20:00"), periods[^1].End);
        Assert.All(periods, p => Assert.True(p.Start >= now.AddDays(-7)));
    }

    [Fact]
    public void A_weekly_schedule_keeps_its_whole_week_with_a_seven_day_look_back()
    {
        var period = Assert.Single(Windows().Due(Schedule("0 9 * * 1", Jerusalem), Utc("2025-01-13 07:00:45"), Utc("2025-01-06 07:00")));

        Assert.Equal(Utc("2025-01-06 07:00"), period.Start);
        Assert.Equal(Utc("2025-01-13 07:00"), period.End);
        Assert.False(period.StartClamped);
    }

    [Fact]
    public void A_monthly_schedule_keeps_its_whole_month_with_a_seven_day_look_back()
    {
        var onTime = Assert.Single(Windows().Due(Schedule("0 8 1 * *"), Utc("2025-02-01 08:00:10"), Utc("2025-01-01 08:00")));
        var firstRun = Assert.Single(Windows().Due(Schedule("0 8 1 * *"), Utc("2025-02-01 08:00:10"), null));

        Assert.Equal(new TrackingPeriod(Utc("2025-01-01 08:00"), Utc("2025-02-01 08:00")), onTime);
        Assert.Equal(onTime, firstRun);
    }

    [Fact]
    public void A_weekly_schedule_down_for_three_weeks_gets_only_its_latest_week_marked_as_clamped()
    {
        var period = Assert.Single(Windows().Due(Schedule("0 9 * * 1"), Utc("2025-01-27 09:01"), Utc("2025-01-06 09:00")));

        Assert.Equal(Utc("2025-01-20 09:00"), period.Start);
        Assert.Equal(Utc("2025-01-27 09:00"), period.End);
        Assert.True(period.StartClamped);
    }

    [Fact]
    public void No_occurrence_within_the_look_back_means_nothing_is_due()
    {
        Assert.Empty(Due("0 8 1 * *", "UTC", "2025-02-20 12:00", null));
        Assert.Empty(Due("0 8 1 * *", "UTC", "2025-02-20 12:00", "2025-01-01 08:00"));
    }

    [Fact]
    public void The_first_run_processes_exactly_one_period()
    {
        Assert.Equal(["2025-01-06 20:00:00 → 2025-01-07 20:00:00"], Due("0 20 * * *", "UTC", "2025-01-08 19:59", null));
    }

    [Fact]
    public void An_occurrence_exactly_at_now_is_due()
    {
        Assert.Equal(["2025-01-01 09:00:00 → 2025-01-01 10:00:00"], Due("0 * * * *", "UTC", "2025-01-01 10:00", "2025-01-01 09:00"));
        Assert.Equal(["2025-01-01 09:00:00 → 2025-01-01 10:00:00"], Due("0 * * * *", "UTC", "2025-01-01 10:00", null));
    }

    [Fact]
    public void A_second_run_for_the_same_occurrence_finds_nothing_due()
    {
        Assert.Empty(Due("0 * * * *", "UTC", "2025-01-01 10:00:50", "2025-01-01 10:00"));
        Assert.Empty(Due("0 * * * *", "UTC", "2025-01-01 10:59:59", "2025-01-01 10:00"));
    }

    [Fact]
    public void Missed_occurrences_beyond_the_maximum_are_folded_into_the_first_period()
    {
        var periods = Windows(maxCatchUpPeriods: 3).Due(Schedule("0 * * * *"), Utc("2025-01-01 06:10"), Utc("2025-01-01 00:00"));

        Assert.Equal(
            ["2025-01-01 00:00:00 → 2025-01-01 04:00:00", "2025-01-01 04:00:00 → 2025-01-01 05:00:00", "2025-01-01 05:00:00 → 2025-01-01 06:00:00"],
            periods.Select(Text));
        Assert.Equal([3, 0, 0], periods.Select(p => p.FoldedOccurrences));
        Assert.False(periods[0].StartClamped);
    }

    [Fact]
    public void Folding_and_the_look_back_together_still_cover_the_whole_look_back()
    {
        var now = Utc("2025-01-20 00:30");

        var periods = Windows(maxCatchUpPeriods: 48).Due(Schedule("0 * * * *"), now, Utc("2025-01-01 00:00"));

        Assert.Equal(48, periods.Count);
        Assert.Equal(now.AddDays(-7), periods[0].Start);
        Assert.True(periods[0].StartClamped);
        Assert.Equal(7 * 24 - 48, periods[0].FoldedOccurrences);
        Assert.Equal(Utc("2025-01-20 00:00"), periods[^1].End);
    }

    [Fact]
    public void Run_now_catches_up_the_missed_periods_then_covers_the_present()
    {
        var windows = Windows();
        var schedule = Schedule("0 * * * *");

        var run = windows.RunNow(schedule, Utc("2025-01-01 10:20"), Utc("2025-01-01 08:30"));
        var next = windows.Due(schedule, Utc("2025-01-01 11:00:30"), run[^1].End);

        Assert.Equal(
            ["2025-01-01 08:30:00 → 2025-01-01 09:00:00", "2025-01-01 09:00:00 → 2025-01-01 10:00:00", "2025-01-01 10:00:00 → 2025-01-01 10:20:00"],
            run.Select(Text));
        Assert.Equal([false, false, true], run.Select(p => p.IsPartial));
        Assert.Equal(["2025-01-01 10:20:00 → 2025-01-01 11:00:00"], next.Select(Text));
    }

    [Fact]
    public void Run_now_with_nothing_due_covers_from_the_last_processed_end()
    {
        var period = Assert.Single(Windows().RunNow(Schedule("0 20 * * *"), Utc("2025-01-02 12:00"), Utc("2025-01-01 20:00")));

        Assert.Equal(new TrackingPeriod(Utc("2025-01-01 20:00"), Utc("2025-01-02 12:00")) { IsPartial = true }, period);
    }

    [Fact]
    public void Run_now_for_a_new_group_without_a_recent_occurrence_covers_the_look_back()
    {
        var period = Assert.Single(Windows().RunNow(Schedule("0 8 1 * *"), Utc("2025-02-20 12:00"), null));

        Assert.Equal(Utc("2025-02-13 12:00"), period.Start);
        Assert.True(period.StartClamped);
        Assert.True(period.IsPartial);
    }

    [Fact]
    public void Run_now_at_an_occurrence_adds_no_empty_period()
    {
        var run = Windows().RunNow(Schedule("0 * * * *"), Utc("2025-01-01 10:00"), Utc("2025-01-01 09:00"));

        Assert.Equal(["2025-01-01 09:00:00 → 2025-01-01 10:00:00"], run.Select(Text));
    }

    // Generated instants across consecutive runs (catch-up, DST repeat, run now, on-time runs): each
    // falls in exactly one period, the boundaries included, and the periods tile the span without gap.
    [Theory]
    [InlineData("0 * * * *", NewYork)]
    [InlineData("*/30 * * * *", Jerusalem)]
    [InlineData("0 20 * * *", Jerusalem)]
    public void Every_message_time_belongs_to_exactly_one_period(string cron, string zone)
    {
        var windows = Windows(maxCatchUpPeriods: 5);
        var schedule = Schedule(cron, zone);
        var periods = new List<TrackingPeriod>();
        DateTimeOffset? last = Utc("2024-10-24 12:00");
        foreach (var now in new[] { "2024-10-26 19:00:30", "2024-10-26 23:59:59", "2024-10-27 03:07", "2024-10-28 20:00", "2024-11-03 07:41:13" })
        {
            var run = now == "2024-10-27 03:07" ? windows.RunNow(schedule, Utc(now), last) : windows.Due(schedule, Utc(now), last);
            periods.AddRange(run);
            last = periods.Count > 0 ? periods[^1].End : last;
        }

        for (var index = 1; index < periods.Count; index++)
        {
            Assert.Equal(periods[index - 1].End, periods[index].Start);
        }
        var boundaries = periods.SelectMany(p => new[] { p.Start, p.End }).Distinct();
        var instants = boundaries
            .SelectMany(b => new[] { b.AddTicks(-1), b, b.AddTicks(1), b.AddSeconds(-1), b.AddSeconds(1) })
            .Concat(Enumerable.Range(0, 20_000).Select(i => periods[0].Start.AddSeconds(i * 47.3)))
            .Where(t => t <= periods[^1].End + TimeSpan.FromHours(1));
        foreach (var instant in instants)
        {
            var inside = instant > periods[0].Start && instant <= periods[^1].End;
            Assert.Equal(inside ? 1 : 0, periods.Count(p => p.Contains(instant)));
        }
    }
}
