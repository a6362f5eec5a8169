using System.Xml.Linq;
using MyChatImposter.Activity;

namespace MyChatImposter.Tests.Activity;

// The chart builder: a well-formed SVG that says in words what it shows, with labels in the owner's zone.
public sealed class SvgChartTests
{
    // A Tuesday, 00:00 UTC.
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static ChartSeries Series(ChartKind kind = ChartKind.Count, TimeZoneInfo? zone = null, params (int Hour, double? Value)[] values)
    {
        var byHour = values.ToDictionary(value => value.Hour, value => value.Value);
        var points = Enumerable.Range(0, ActivityWeek.HourCount)
            .Select(index => new ChartPoint(Start.AddHours(index), byHour.TryGetValue(index, out var value) ? value : kind == ChartKind.Count ? 0 : null))
            .ToList();
        return new ChartSeries("Messages received per hour", kind == ChartKind.Count ? "" : "ms", kind, zone ?? TimeZoneInfo.Utc, points);
    }

    private static XElement Render(ChartSeries series) => XElement.Parse(SvgChart.Render(series, "chart-test").ToString()!);

    private static IReadOnlyList<string> DayLabels(XElement svg) =>
        [.. svg.Elements().Where(element => element.Name.LocalName == "text" && element.Attribute("text-anchor") is null).Select(element => element.Value)];

    [Fact]
    public void An_empty_series_draws_the_axes_and_says_none()
    {
        var svg = Render(Series());

        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("chart-test-title", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("0 0 640 170", (string?)svg.Attribute("viewBox"));
        Assert.Equal("Messages received per hour, last 7 days: none", svg.Elements().Single(element => element.Name.LocalName == "title").Value);
        Assert.DoesNotContain(svg.Elements(), element => element.Name.LocalName == "rect");
        Assert.Equal(7, DayLabels(svg).Count);
    }

    [Fact]
    public void One_busy_hour_is_one_bar_under_a_round_axis_and_named_in_the_title()
    {
        // Hour 42 is Wednesday 18:00 UTC.
        var series = Series(ChartKind.Count, null, (42, 25));

        var svg = Render(series);

        var bar = Assert.Single(svg.Elements(), element => element.Name.LocalName == "rect");
        // The axis tops at 50 over a plot 136 high, 3.5 per hour from x = 44.
        Assert.Equal(("191", "68"), ((string)bar.Attribute("x")!, (string)bar.Attribute("height")!));
        Assert.Equal(["0", "25", "50"], svg.Elements().Where(element => (string?)element.Attribute("text-anchor") == "end").Select(element => element.Value));
        Assert.Equal("Messages received per hour, last 7 days: 25 in all, busiest Wed 18:00 with 25",
            svg.Elements().Single(element => element.Name.LocalName == "title").Value);
    }

    [Fact]
    public void The_title_says_the_total_and_the_busiest_hour_in_the_owners_time_zone()
    {
        var jerusalem = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");

        var described = Series(ChartKind.Count, jerusalem, (42, 25), (10, 315)).Description();

        // Hour 10 is Tuesday 10:00 UTC, 12:00 in Jerusalem (UTC+2 in December).
        Assert.Equal("Messages received per hour, last 7 days: 340 in all, busiest Tue 12:00 with 315", described);
    }

    [Fact]
    public void A_level_is_a_line_described_by_its_highest_hour_with_its_unit_and_gaps_where_nothing_was_measured()
    {
        var series = Series(ChartKind.Level, null, (1, 800), (2, 1250), (3, 400), (10, 300));

        var svg = Render(series);

        Assert.Equal("Messages received per hour, last 7 days: highest Tue 02:00 with 1,250 ms", series.Description());
        Assert.Single(svg.Elements(), element => element.Name.LocalName == "polyline");
        Assert.Single(svg.Elements(), element => element.Name.LocalName == "circle");
    }

    [Fact]
    public void Day_labels_fall_on_the_owners_midnights()
    {
        var utc = DayLabels(Render(Series()));
        var newYork = DayLabels(Render(Series(zone: TimeZoneInfo.FindSystemTimeZoneById("America/New_York"))));

        Assert.Equal(["Tue 1", "Wed 2", "Thu 3", "Fri 4", "Sat 5", "Sun 6", "Mon 7"], utc);
        // 00:00 UTC on the 1st is 19:00 on the 30th in New York: its first midnight is five hours in.
        Assert.Equal(["Tue 1", "Wed 2", "Thu 3", "Fri 4", "Sat 5", "Sun 6", "Mon 7"], newYork);
        Assert.NotEqual(LabelX(Render(Series())), LabelX(Render(Series(zone: TimeZoneInfo.FindSystemTimeZoneById("America/New_York")))));
    }

    [Fact]
    public void Text_is_escaped()
    {
        var series = Series() with { Title = "<script>alert(1)</script> & co" };

        var html = SvgChart.Render(series, "x").ToString()!;

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", html);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(25, 50)]
    [InlineData(101, 200)]
    [InlineData(600, 1000)]
    public void The_axis_tops_at_a_round_number(double highest, double top) => Assert.Equal(top, SvgChart.NiceMaximum(highest));

    private static string LabelX(XElement svg) =>
        (string)svg.Elements().First(element => element.Name.LocalName == "text" && element.Attribute("text-anchor") is null).Attribute("x")!;
}
