using System.Globalization;
using MyChatImposter.GroupTracking;

namespace MyChatImposter.Tests.GroupTracking;

internal static class ScheduleTesting
{
    public const string NewYork = "America/New_York";
    public const string Jerusalem = "Asia/Jerusalem";

    // "2024-03-10 07:00" or "2024-03-10 07:00:30", read as UTC.
    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static GroupSchedule Schedule(string cron, string zone = "UTC") => GroupSchedule.Parse(cron, zone);

    public static string Local(GroupSchedule schedule, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, schedule.Zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    public static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Text(TrackingPeriod period) => $"{Text(period.Start)} → {Text(period.End)}";
}
