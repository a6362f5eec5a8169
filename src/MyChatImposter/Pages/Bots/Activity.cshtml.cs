namespace MyChatImposter.Pages.Bots;

// A bot's last 7 days per hour, as charts and as a table: messages in and out, the delivery queue, the LLM.
// The counts include what is counted in memory and not yet written, so a reload right after a chat moves them.
public sealed class ActivityModel(BotActivityRecorder activity, TimeProvider time) : BotPageModel
{
    public ActivityWeek Week { get; private set; } = null!;

    public IReadOnlyList<ActivityCharts.Chart> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Week = await ActivityWeek.ReadAsync(activity, UserId, Configuration.Configurations.UserDetails.Timezone, time.GetUtcNow(), cancellationToken);
        Charts = ActivityCharts.Of(Week);
    }
}
