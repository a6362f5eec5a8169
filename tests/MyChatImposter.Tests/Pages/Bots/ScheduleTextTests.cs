using MyChatImposter.Pages.Bots;

namespace MyChatImposter.Tests.Pages.Bots;

// The common cron shapes in words; anything else is left to the expression itself.
public sealed class ScheduleTextTests
{
    [Theory]
    [InlineData("0 20 * * *", "every day at 20:00")]
    [InlineData("0 9 * * 1", "Mondays at 09:00")]
    [InlineData("0 9 * * 7", "Sundays at 09:00")]
    [InlineData("30 7 * * 1-5", "weekdays (Monday to Friday) at 07:30")]
    [InlineData("0 18 * * 1,3,5", "Mondays, Wednesdays and Fridays at 18:00")]
    [InlineData("15 * * * *", "every hour at :15")]
    [InlineData("*/30 * * * *", "every 30 minutes")]
    [InlineData("0 8 1 * *", "on day 1 of each month at 08:00")]
    [InlineData("0 8 1 1 *", null)]
    [InlineData("0 8-17 * * *", null)]
    [InlineData("0 8 1 * 1", null)]
    [InlineData("0 20 * *", null)]
    public void The_common_shapes_read_as_words(string cron, string? words) => Assert.Equal(words, ScheduleText.InWords(cron));

    [Fact]
    public void An_instant_is_shown_on_the_zones_wall_clock_with_its_name()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // Summer time (EDT, UTC-4) then winter time (EST, UTC-5).
        Assert.Equal("Sat 2026-07-04 20:00 America/New_York", ScheduleText.Local(new DateTimeOffset(2026, 7, 5, 0, 0, 0, TimeSpan.Zero), zone));
        Assert.Equal("Sun 2026-11-01 19:00 America/New_York", ScheduleText.Local(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), zone));
    }
}
