using MyChatImposter.Configuration;

namespace MyChatImposter.GroupTracking;

// Whether one tracked group can be run now, and if not why: one set of rules and messages for the API
// (as ProblemDetails) and the tracking page (beside the button).
public sealed record RunNowRefusal(int StatusCode, string Title, string Detail);

public static class RunNowRules
{
    // The group to run, or the refusal; the last entry wins when an identifier is tracked twice, as for the scheduler.
    public static (TrackedGroup? Group, RunNowRefusal? Refusal) Check(string userId, UserConfiguration? configuration, string groupId)
    {
        if (configuration is null)
        {
            return (null, new(StatusCodes.Status404NotFound, "Configuration not found", $"No configuration exists for '{userId}'."));
        }
        var tracking = configuration.Features.PeriodicGroupTracking;
        if (tracking.TrackedGroups.LastOrDefault(group => string.Equals(group.GroupIdentifier, groupId, StringComparison.Ordinal)) is not { } tracked)
        {
            return (null, new(StatusCodes.Status404NotFound, "Not a tracked group",
                $"'{groupId}' is not among the tracked groups of '{userId}'."));
        }
        if (!tracking.Enabled)
        {
            return (null, new(StatusCodes.Status409Conflict, "Group tracking is off",
                $"Periodic group tracking is not enabled for '{userId}'; enable it in the configuration first."));
        }
        return (tracked, null);
    }
}
