using Cronos;

namespace MyChatImposter.Configuration;

internal static class TrackingSchedule
{
    // Any date after Cronos' epoch works; a fixed one keeps validation independent of the clock.
    private static readonly DateTime Reference = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Five fields exactly, in standard cron semantics (spec/14 #25: one library, Sunday = 0 or 7).
    // Cronos' "@daily" macros and 6-field (seconds) form are refused so that every consumer, the UI
    // included, can read the schedule as five fields.
    public static string? Problem(string expression)
    {
        var fields = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || !CronExpression.TryParse(expression, CronFormat.Standard, out var cron))
        {
            return "must be a five-field cron expression (minute hour day-of-month month day-of-week), e.g. 0 20 * * *.";
        }
        return cron.GetNextOccurrence(Reference) is null
            ? "never fires (the day does not exist in any month it names)."
            : null;
    }
}
