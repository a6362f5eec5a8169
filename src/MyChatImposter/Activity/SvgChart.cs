using System.Net;
using Microsoft.AspNetCore.Html;

namespace MyChatImposter.Activity;

public enum ChartKind
{
    // Events per hour: drawn as bars, summed in the description ("340 in all").
    Count,
    // A level per hour (a peak, an average): drawn as a line, described by its highest hour.
    Level,
}

// Value: null where there is nothing to show (an average of no calls), which is not the same as zero.
public sealed record ChartPoint(DateTimeOffset Hour, double? Value);

public sealed record ChartSeries(string Title, string Unit, ChartKind Kind, TimeZoneInfo Zone, IReadOnlyList<ChartPoint> Points)
{
    public IEnumerable<ChartPoint> Known => Points.Where(point => point.Value is not null);

    public double Total => Known.Sum(point => point.Value!.Value);

    // The first hour with the highest value, or null when there is none above zero.
    public ChartPoint? Highest => Known.Where(point => point.Value > 0).MaxBy(point => point.Value);

    public DateTime Local(DateTimeOffset hour) => TimeZoneInfo.ConvertTime(hour, Zone).DateTime;

    // What the chart shows, in words: its accessible name.
    public string Description()
    {
        var highest = Highest;
        if (highest is null)
        {
            return $"{Title}, last 7 days: none";
        }
        var at = Local(highest.Hour).ToString("ddd HH:mm", CultureInfo.InvariantCulture);
        return Kind == ChartKind.Count
            ? $"{Title}, last 7 days: {Number(Total)} in all, busiest {at} with {Number(highest.Value!.Value)}"
            : $"{Title}, last 7 days: highest {at} with {Number(highest.Value!.Value)}{UnitSuffix}";
    }

    public string Number(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "#,0" : "#,0.#", CultureInfo.InvariantCulture);

    private string UnitSuffix => Unit.Length == 0 ? "" : " " + Unit;
}

// Turns an hourly series into an inline SVG: bars for counts, a line for levels, a y axis with three ticks
// and a label at each local midnight. The viewBox lets it scale to any width; the colours come from
// currentColor and CSS classes (site.css), so dark mode restyles it. Its <title> and aria-label say in words
// what it shows; the numbers themselves are in the page's data table.
public static class SvgChart
{
    private const double Width = 640;
    private const double Height = 170;
    private const double Left = 44;
    private const double Right = 8;
    private const double Top = 10;
    private const double Bottom = 24;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    public static IHtmlContent Render(ChartSeries series, string id)
    {
        ArgumentNullException.ThrowIfNull(series);
        var svg = new StringBuilder();
        var description = series.Description();
        var maximum = NiceMaximum(series.Known.Select(point => point.Value!.Value).DefaultIfEmpty(0).Max());
        svg.Append(Invariant($"""<svg class="chart chart-{(series.Kind == ChartKind.Count ? "bars" : "line")}" id="{id}" viewBox="0 0 {Width} {Height}" role="img" aria-labelledby="{id}-title" preserveAspectRatio="xMidYMid meet">"""));
        svg.Append(Invariant($"""<title id="{id}-title">{Escape(description)}</title>"""));
        YAxis(svg, series, maximum);
        XAxis(svg, series);
        if (series.Kind == ChartKind.Count)
        {
            Bars(svg, series, maximum);
        }
        else
        {
            Line(svg, series, maximum);
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    // A small picture of two hourly counts (received and sent) for the dashboard, named by its totals.
    public static IHtmlContent Sparkline(ChartSeries first, ChartSeries second, string label)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        const double width = 168, height = 28;
        var maximum = NiceMaximum(first.Known.Concat(second.Known).Select(point => point.Value!.Value).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg class="sparkline" viewBox="0 0 {width} {height}" role="img" aria-label="{Escape(label)}" preserveAspectRatio="none">"""));
        svg.Append(Invariant($"""<title>{Escape(label)}</title>"""));
        svg.Append(Invariant($"""<line class="chart-axis" x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" />"""));
        foreach (var (series, css) in new[] { (first, "series-1"), (second, "series-2") })
        {
            var points = series.Points.Select((point, index) => Invariant(
                $"{Round(index * width / Math.Max(1, series.Points.Count - 1))},{Round(height - 1 - (point.Value ?? 0) / maximum * (height - 2))}"));
            svg.Append(Invariant($"""<polyline class="chart-line {css}" points="{string.Join(' ', points)}" />"""));
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    // 1, 2 or 5 times a power of ten, at least the highest value (and at least 1, so an empty chart has an axis).
    public static double NiceMaximum(double highest)
    {
        if (highest <= 1)
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(highest)));
        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * power >= highest)
            {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static void YAxis(StringBuilder svg, ChartSeries series, double maximum)
    {
        foreach (var fraction in new[] { 0, 0.5, 1 })
        {
            var y = Top + PlotHeight * (1 - fraction);
            svg.Append(Invariant($"""<line class="chart-grid" x1="{Left}" y1="{Round(y)}" x2="{Width - Right}" y2="{Round(y)}" />"""));
            svg.Append(Invariant($"""<text class="chart-tick" x="{Left - 4}" y="{Round(y + 4)}" text-anchor="end">{Escape(series.Number(maximum * fraction))}</text>"""));
        }
    }

    // A tick and the weekday at each local midnight, so the days read as the owner lives them.
    private static void XAxis(StringBuilder svg, ChartSeries series)
    {
        var slot = PlotWidth / Math.Max(1, series.Points.Count);
        svg.Append(Invariant($"""<line class="chart-axis" x1="{Left}" y1="{Top + PlotHeight}" x2="{Width - Right}" y2="{Top + PlotHeight}" />"""));
        for (var index = 0; index < series.Points.Count; index++)
        {
            // The first hour of each local day (a zone's odd offset or a DST change can make it start at 00:30 or 01:00).
            var local = series.Local(series.Points[index].Hour);
            var startsDay = index == 0 ? local.Hour == 0 : local.Date != series.Local(series.Points[index - 1].Hour).Date;
            if (!startsDay)
            {
                continue;
            }
            var x = Left + index * slot;
            svg.Append(Invariant($"""<line class="chart-axis" x1="{Round(x)}" y1="{Top + PlotHeight}" x2="{Round(x)}" y2="{Top + PlotHeight + 4}" />"""));
            svg.Append(Invariant($"""<text class="chart-tick" x="{Round(x + 2)}" y="{Height - 6}">{local.ToString("ddd d", CultureInfo.InvariantCulture)}</text>"""));
        }
    }

    private static void Bars(StringBuilder svg, ChartSeries series, double maximum)
    {
        var slot = PlotWidth / Math.Max(1, series.Points.Count);
        for (var index = 0; index < series.Points.Count; index++)
        {
            if (series.Points[index].Value is not { } value || value <= 0)
            {
                continue;
            }
            var height = value / maximum * PlotHeight;
            svg.Append(Invariant($"""<rect class="chart-bar" x="{Round(Left + index * slot)}" y="{Round(Top + PlotHeight - height)}" width="{Round(Math.Max(slot - 0.6, 0.8))}" height="{Round(height)}" />"""));
        }
    }

    // Hours without a value break the line rather than drawing it down to zero.
    private static void Line(StringBuilder svg, ChartSeries series, double maximum)
    {
        var slot = PlotWidth / Math.Max(1, series.Points.Count);
        var run = new List<string>();
        void Flush()
        {
            if (run.Count == 1)
            {
                var xy = run[0].Split(',');
                svg.Append(Invariant($"""<circle class="chart-dot" cx="{xy[0]}" cy="{xy[1]}" r="1.6" />"""));
            }
            else if (run.Count > 1)
            {
                svg.Append(Invariant($"""<polyline class="chart-line" points="{string.Join(' ', run)}" />"""));
            }
            run.Clear();
        }
        for (var index = 0; index < series.Points.Count; index++)
        {
            if (series.Points[index].Value is not { } value)
            {
                Flush();
                continue;
            }
            run.Add(Invariant($"{Round(Left + (index + 0.5) * slot)},{Round(Top + PlotHeight - value / maximum * PlotHeight)}"));
        }
        Flush();
    }

    private static double Round(double value) => Math.Round(value, 1);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
