namespace MyChatImposter.Pages.Bots;

// A bot's last 7 days per hour, as charts and as a table: messages in and out, the delivery queue, the LLM.
// The counts include what is counted in memory and not yet written, so a reload right after a chat moves them.
[Authorize(Policy = ApiPolicies.OwnerOrAdmin)]
public sealed class ActivityModel(IBotConfigurationStore configurations, BotActivityRecorder activity, TimeProvider time) : PageModel
{
    public string UserId { get; private set; } = "";

    public ActivityWeek Week { get; private set; } = null!;

    public IReadOnlyList<ActivityCharts.Chart> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        UserId = userId;
        var configuration = UserIdRule.IsValid(userId) ? await configurations.GetAsync(userId, cancellationToken) : null;
        if (configuration is null)
        {
            return NotFound();
        }
        Week = await ActivityWeek.ReadAsync(activity, userId, configuration.Configurations.UserDetails.Timezone, time.GetUtcNow(), cancellationToken);
        Charts = ActivityCharts.Of(Week);
        return Page();
    }
}
