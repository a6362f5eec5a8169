namespace MyChatImposter.Pages.Bots;

// A tracked group's schedule for people: the common shapes of a five-field cron in words, and instants in
// the user's zone. Anything less common is shown as the expression itself rather than guessed at.
public static class ScheduleText
{
    private static readonly string[] DayNames = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"];

    // "every day at 20:00", "Mondays at 09:00", "weekdays at 07:30", "every hour at :15", "every 30 minutes",
    // "on day 1 of each month at 08:00"; null when the expression is none of these.
    public static string? InWords(string expression)
    {
        var fields = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields[3] != "*")
        {
            return null;
        }
        var (minute, hour, dayOfMonth, dayOfWeek) = (fields[0], fields[1], fields[2], fields[4]);
        if (minute.StartsWith("*/", StringComparison.Ordinal) && Number(minute[2..], 1, 59) is { } every
            && hour == "*" && dayOfMonth == "*" && dayOfWeek == "*")
        {
            return every == 1 ? "every minute" : $"every {every} minutes";
        }
        if (Number(minute, 0, 59) is not { } m)
        {
            return null;
        }
        if (hour == "*" && dayOfMonth == "*" && dayOfWeek == "*")
        {
            return $"every hour at :{m:00}";
        }
        if (Number(hour, 0, 23) is not { } h)
        {
            return null;
        }
        var at = $"at {h:00}:{m:00}";
        return (dayOfMonth, dayOfWeek) switch
        {
            ("*", "*") => $"every day {at}",
            ("*", "1-5") => $"weekdays (Monday to Friday) {at}",
            ("*", _) when Days(dayOfWeek) is { } days => $"{days} {at}",
            (_, "*") when Number(dayOfMonth, 1, 31) is { } day => $"on day {day} of each month {at}",
            _ => null,
        };
    }

    // The schedule a typed cron makes in the user's zone, or why it is none ("is longer than 100 characters.").
    internal static (GroupSchedule? Schedule, string? Problem) Read(string cron, string? timezone)
    {
        if (cron.Length > ConfigurationLimits.CronScheduleMaxLength)
        {
            return (null, $"is longer than {ConfigurationLimits.CronScheduleMaxLength} characters.");
        }
        return TrackingSchedule.Problem(cron) is { } problem ? (null, problem) : (GroupSchedule.Parse(cron, timezone), null);
    }

    // "Tue 2027-01-12 20:00 Europe/Paris": the wall clock of the user's zone, named.
    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id;

    private static int? Number(string field, int min, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;

    // "1" → "Mondays", "1,3" → "Mondays and Wednesdays"; 7 is Sunday as in standard cron.
    private static string? Days(string field)
    {
        var days = new List<string>();
        foreach (var part in field.Split(','))
        {
            if (Number(part, 0, 7) is not { } day)
            {
                return null;
            }
            days.Add(DayNames[day % 7]);
        }
        return days.Count == 1 ? days[0] : string.Join(", ", days[..^1]) + " and " + days[^1];
    }
}
