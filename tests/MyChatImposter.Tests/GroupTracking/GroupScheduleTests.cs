using MyChatImposter.GroupTracking;
using static MyChatImposter.Tests.GroupTracking.ScheduleTesting;

namespace MyChatImposter.Tests.GroupTracking;

// Occurrences of a tracked group's cron in the user's zone, as UTC instants: standard weekdays, months of
// every length, and the DST rules of spec/05 §3 in America/New_York and Asia/Jerusalem.
public sealed class GroupScheduleTests
{
    [Fact]
    public void The_zone_data_has_the_transitions_these_tests_assume()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById(NewYork);
        var jerusalem = TimeZoneInfo.FindSystemTimeZoneById(Jerusalem);

        Assert.True(newYork.IsInvalidTime(new DateTime(2024, 3, 10, 2, 30, 0)));
        Assert.True(newYork.IsAmbiguousTime(new DateTime(2024, 11, 3, 1, 30, 0)));
        // Israel: forward on the Friday before the last Sunday of March, back on the last Sunday of October.
        Assert.True(jerusalem.IsInvalidTime(new DateTime(2024, 3, 29, 2, 30, 0)));
        Assert.True(jerusalem.IsAmbiguousTime(new DateTime(2024, 10, 27, 1, 30, 0)));
        Assert.True(jerusalem.IsInvalidTime(new DateTime(2025, 3, 28, 2, 30, 0)));
        Assert.True(jerusalem.IsAmbiguousTime(new DateTime(2025, 10, 26, 1, 30, 0)));
    }

    [Fact]
    public void Hourly_in_New_York_has_no_two_o_clock_on_the_spring_forward_day()
    {
        var schedule = Schedule("0 * * * *", NewYork);

        var occurrences = schedule.Between(Utc("2024-03-10 05:30"), Utc("2024-03-10 08:30")).Select(o => Local(schedule, o));

        Assert.Equal(["2024-03-10 01:00 -05:00", "2024-03-10 03:00 -04:00", "2024-03-10 04:00 -04:00"], occurrences);
    }

    [Fact]
    public void Hourly_in_New_York_fires_at_both_one_o_clocks_when_the_clocks_fall_back()
    {
        var schedule = Schedule("0 * * * *", NewYork);

        var occurrences = schedule.Between(Utc("2024-11-03 03:30"), Utc("2024-11-03 07:30")).ToList();

        Assert.Equal([Utc("2024-11-03 04:00"), Utc("2024-11-03 05:00"), Utc("2024-11-03 06:00"), Utc("2024-11-03 07:00")], occurrences);
        Assert.Equal(["2024-11-03 00:00 -04:00", "2024-11-03 01:00 -04:00", "2024-11-03 01:00 -05:00", "2024-11-03 02:00 -05:00"],
            occurrences.Select(o => Local(schedule, o)));
    }

    [Fact]
    public void Half_hourly_in_New_York_skips_the_missing_hour_and_repeats_the_doubled_one()
    {
        var schedule = Schedule("*/30 * * * *", NewYork);

        var spring = schedule.Between(Utc("2024-03-10 05:45"), Utc("2024-03-10 07:45"));
        var fall = schedule.Between(Utc("2024-11-03 04:45"), Utc("2024-11-03 06:45"));

        Assert.Equal([Utc("2024-03-10 06:00"), Utc("2024-03-10 06:30"), Utc("2024-03-10 07:00"), Utc("2024-03-10 07:30")], spring);
        Assert.Equal([Utc("2024-11-03 05:00"), Utc("2024-11-03 05:30"), Utc("2024-11-03 06:00"), Utc("2024-11-03 06:30")], fall);
    }

    [Fact]
    public void An_hourly_time_inside_the_spring_forward_gap_is_skipped_rather_than_moved()
    {
        var schedule = Schedule("30 * * * *", NewYork);

        var occurrences = schedule.Between(Utc("2024-03-10 06:15"), Utc("2024-03-10 07:45")).Select(o => Local(schedule, o));

        Assert.Equal(["2024-03-10 01:30 -05:00", "2024-03-10 03:30 -04:00"], occurrences);
    }

    [Fact]
    public void Hourly_in_Jerusalem_skips_two_o_clock_in_spring_and_repeats_one_o_clock_in_autumn()
    {
        var schedule = Schedule("0 * * * *", Jerusalem);

        var spring = schedule.Between(Utc("2024-03-28 21:30"), Utc("2024-03-29 01:30")).Select(o => Local(schedule, o));
        var autumn = schedule.Between(Utc("2024-10-26 20:30"), Utc("2024-10-27 00:30")).Select(o => Local(schedule, o));

        Assert.Equal(["2024-03-29 00:00 +02:00", "2024-03-29 01:00 +02:00", "2024-03-29 03:00 +03:00", "2024-03-29 04:00 +03:00"], spring);
        Assert.Equal(["2024-10-27 00:00 +03:00", "2024-10-27 01:00 +03:00", "2024-10-27 01:00 +02:00", "2024-10-27 02:00 +02:00"], autumn);
    }

    [Fact]
    public void Half_hourly_in_Jerusalem_keeps_half_hour_steps_in_utc_across_both_transitions()
    {
        var schedule = Schedule("*/30 * * * *", Jerusalem);

        var spring = schedule.Between(Utc("2025-03-27 23:15"), Utc("2025-03-28 00:45"));
        var autumn = schedule.Between(Utc("2025-10-25 21:45"), Utc("2025-10-25 23:45")).ToList();

        Assert.Equal([Utc("2025-03-27 23:30"), Utc("2025-03-28 00:00"), Utc("2025-03-28 00:30")], spring);
        Assert.Equal([Utc("2025-10-25 22:00"), Utc("2025-10-25 22:30"), Utc("2025-10-25 23:00"), Utc("2025-10-25 23:30")], autumn);
        Assert.Equal(["2025-10-26 01:00 +03:00", "2025-10-26 01:30 +03:00", "2025-10-26 01:00 +02:00", "2025-10-26 01:30 +02:00"],
            autumn.Select(o => Local(schedule, o)));
    }

    [Theory]
    [InlineData(Jerusalem, "2024-03-28 18:00", "2024-03-29 17:00", "2024-10-26 17:00", "2024-10-27 18:00")]
    [InlineData(Jerusalem, "2025-03-27 18:00", "2025-03-28 17:00", "2025-10-25 17:00", "2025-10-26 18:00")]
    [InlineData(NewYork, "2024-03-10 01:00", "2024-03-11 00:00", "2024-11-03 00:00", "2024-11-04 01:00")]
    public void A_daily_evening_schedule_spans_23_hours_in_spring_and_25_in_autumn(
        string zone, string beforeSpring, string afterSpring, string beforeAutumn, string afterAutumn)
    {
        var schedule = Schedule("0 20 * * *", zone);

        Assert.Equal(Utc(beforeSpring), schedule.Previous(Utc(afterSpring)));
        Assert.Equal(Utc(afterSpring), schedule.Next(Utc(beforeSpring)));
        Assert.Equal(TimeSpan.FromHours(23), Utc(afterSpring) - Utc(beforeSpring));
        Assert.Equal(Utc(beforeAutumn), schedule.Previous(Utc(afterAutumn)));
        Assert.Equal(Utc(afterAutumn), schedule.Next(Utc(beforeAutumn)));
        Assert.Equal(TimeSpan.FromHours(25), Utc(afterAutumn) - Utc(beforeAutumn));
    }

    [Fact]
    public void A_daily_time_inside_the_spring_forward_gap_fires_at_the_end_of_the_gap_rather_than_losing_the_day()
    {
        var schedule = Schedule("30 2 * * *", NewYork);

        var occurrences = schedule.NextOccurrences(Utc("2024-03-09 00:00"), 3);

        Assert.Equal([Utc("2024-03-09 07:30"), Utc("2024-03-10 07:00"), Utc("2024-03-11 06:30")], occurrences);
        Assert.Equal("2024-03-10 03:00 -04:00", Local(schedule, occurrences[1]));
        Assert.Equal(Utc("2024-03-10 07:00"), schedule.Previous(Utc("2024-03-11 06:30")));
    }

    [Fact]
    public void A_daily_time_inside_the_repeated_hour_fires_once_at_its_first_instant()
    {
        var schedule = Schedule("30 1 * * *", NewYork);

        var occurrences = schedule.NextOccurrences(Utc("2024-11-02 00:00"), 3);

        Assert.Equal([Utc("2024-11-02 05:30"), Utc("2024-11-03 05:30"), Utc("2024-11-04 06:30")], occurrences);
        Assert.Equal(Utc("2024-11-03 05:30"), schedule.Previous(Utc("2024-11-04 06:30")));
    }

    [Fact]
    public void Weekday_one_is_Monday_in_the_users_zone()
    {
        var schedule = Schedule("0 9 * * 1", Jerusalem);

        var occurrences = schedule.NextOccurrences(Utc("2025-01-01 00:00"), 3);

        Assert.Equal([Utc("2025-01-06 07:00"), Utc("2025-01-13 07:00"), Utc("2025-01-20 07:00")], occurrences);
        Assert.All(occurrences, o => Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(o, schedule.Zone).DayOfWeek));
    }

    [Theory]
    [InlineData("0 9 * * 0")]
    [InlineData("0 9 * * 7")]
    [InlineData("0 9 * * SUN")]
    public void Weekday_zero_and_seven_are_both_Sunday(string cron)
    {
        var schedule = Schedule(cron, NewYork);

        Assert.Equal([Utc("2025-01-05 14:00"), Utc("2025-01-12 14:00")], schedule.NextOccurrences(Utc("2025-01-01 00:00"), 2));
    }

    [Fact]
    public void A_weekly_schedule_near_midnight_falls_on_the_users_day_not_the_utc_day()
    {
        // Monday 00:30 in Jerusalem is Sunday 22:30 UTC.
        var schedule = Schedule("30 0 * * 1", Jerusalem);

        Assert.Equal(Utc("2025-01-05 22:30"), schedule.Next(Utc("2025-01-01 00:00")));
    }

    [Fact]
    public void A_monthly_schedule_fires_on_the_first_at_local_time_across_a_DST_change()
    {
        var schedule = Schedule("0 8 1 * *", NewYork);

        Assert.Equal([Utc("2025-02-01 13:00"), Utc("2025-03-01 13:00"), Utc("2025-04-01 12:00")],
            schedule.NextOccurrences(Utc("2025-01-15 00:00"), 3));
        Assert.Equal(Utc("2025-03-01 13:00"), schedule.Previous(Utc("2025-04-01 12:00")));
    }

    [Fact]
    public void Day_31_skips_the_months_that_do_not_have_one()
    {
        var schedule = Schedule("0 8 31 * *", Jerusalem);

        var occurrences = schedule.NextOccurrences(Utc("2025-01-01 00:00"), 5);

        Assert.Equal([Utc("2025-01-31 06:00"), Utc("2025-03-31 05:00"), Utc("2025-05-31 05:00"), Utc("2025-07-31 05:00"), Utc("2025-08-31 05:00")],
            occurrences);
        Assert.Equal(Utc("2025-05-31 05:00"), schedule.Previous(Utc("2025-07-31 05:00")));
    }

    [Fact]
    public void The_previous_occurrence_of_a_leap_day_schedule_is_found_years_back()
    {
        var schedule = Schedule("0 0 29 2 *");

        Assert.Equal(Utc("2024-02-29 00:00"), schedule.Previous(Utc("2027-06-01 00:00")));
        Assert.Equal(Utc("2020-02-29 00:00"), schedule.Previous(Utc("2024-02-29 00:00")));
        Assert.Equal(Utc("2028-02-29 00:00"), schedule.Next(Utc("2024-02-29 00:00")));
        // February 29 on a Monday: 2016, then 2044.
        Assert.Equal(Utc("2016-02-29 00:00"), Schedule("0 0 29 2 1").Previous(Utc("2043-01-01 00:00")));
    }

    [Fact]
    public void Previous_is_strictly_before_and_between_excludes_its_start_but_includes_its_end()
    {
        var schedule = Schedule("0 * * * *");

        Assert.Equal(Utc("2025-01-01 09:00"), schedule.Previous(Utc("2025-01-01 10:00")));
        Assert.Equal(Utc("2025-01-01 10:00"), schedule.Previous(Utc("2025-01-01 10:00:01")));
        Assert.Equal([Utc("2025-01-01 10:00"), Utc("2025-01-01 11:00")], schedule.Between(Utc("2025-01-01 09:00"), Utc("2025-01-01 11:00")));
        Assert.Empty(schedule.Between(Utc("2025-01-01 11:00"), Utc("2025-01-01 11:00")));
    }

    [Theory]
    [InlineData("0 * * * *", NewYork)]
    [InlineData("*/30 * * * *", Jerusalem)]
    [InlineData("30 2 * * *", NewYork)]
    [InlineData("30 1 * * *", NewYork)]
    [InlineData("0 1,2 * * *", Jerusalem)]
    [InlineData("0 9 * * 1", Jerusalem)]
    [InlineData("0 8 31 * *", NewYork)]
    public void Previous_and_next_walk_the_same_occurrences_in_opposite_directions(string cron, string zone)
    {
        var schedule = Schedule(cron, zone);
        var forward = schedule.NextOccurrences(Utc("2024-02-25 00:00"), 40);
        var backward = new List<DateTimeOffset>();
        for (var cursor = schedule.Next(forward[^1])!.Value; backward.Count < forward.Count; cursor = backward[^1])
        {
            backward.Add(schedule.Previous(cursor)!.Value);
        }
        backward.Reverse();

        Assert.Equal(forward, backward);
        // And across the DST changes of 2024 in both zones.
        foreach (var from in new[] { Utc("2024-03-09 00:00"), Utc("2024-03-28 00:00"), Utc("2024-10-26 00:00"), Utc("2024-11-02 00:00") })
        {
            var around = schedule.NextOccurrences(from, 6);
            for (var index = 1; index < around.Count; index++)
            {
                Assert.Equal(around[index - 1], schedule.Previous(around[index]));
            }
        }
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Eastern Standard Time")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_zone_means_UTC(string? zone)
    {
        var schedule = GroupSchedule.Parse("0 9 * * *", zone);

        Assert.True(schedule.ZoneFellBackToUtc);
        Assert.Equal(Utc("2025-01-01 09:00"), schedule.Next(Utc("2025-01-01 00:00")));
    }

    [Theory]
    [InlineData(Jerusalem)]
    [InlineData("UTC")]
    public void A_known_zone_is_used_as_is(string zone)
    {
        var schedule = GroupSchedule.Parse("0 9 * * *", zone);

        Assert.False(schedule.ZoneFellBackToUtc);
        Assert.Equal(zone, schedule.Zone.Id);
    }

    [Theory]
    [InlineData("0 9 * *")]
    [InlineData("0 0 9 * * *")]
    [InlineData("@daily")]
    [InlineData("0 0 30 2 *")]
    public void An_invalid_or_never_firing_expression_is_refused(string cron)
    {
        Assert.Throws<FormatException>(() => GroupSchedule.Parse(cron, "UTC"));
    }
}
