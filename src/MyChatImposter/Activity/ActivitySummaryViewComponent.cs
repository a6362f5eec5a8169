using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace MyChatImposter.Activity;

// A bot's week in one line for the dashboard and the bot's page: a sparkline of messages received and sent
// with their totals, linking to the activity page. Rendered only inside pages already authorised for the bot.
public sealed class ActivitySummaryViewComponent(BotActivityRecorder activity, TimeProvider time) : ViewComponent
{
    public sealed record Summary(string UserId, long Received, long Sent, string Label, ChartSeries ReceivedSeries, ChartSeries SentSeries);

    public async Task<IViewComponentResult> InvokeAsync(string userId)
    {
        // Labels are not drawn, so the zone does not matter here.
        var week = await ActivityWeek.ReadAsync(activity, userId, null, time.GetUtcNow(), HttpContext.RequestAborted);
        var received = week.Series("Received", "", ChartKind.Count, counts => counts.Received);
        var sent = week.Series("Sent", "", ChartKind.Count, counts => counts.Sent);
        var label = $"Last 7 days: {week.Received} message(s) received, {week.Sent} sent";
        return View(new Summary(userId, week.Received, week.Sent, label, received, sent));
    }
}
