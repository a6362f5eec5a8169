using System.Diagnostics.CodeAnalysis;

namespace MyChatImposter.GroupTracking;

// Whether one tracked group can be run now, and if not why: one set of rules and messages for the API
// (as ProblemDetails) and the tracking page (beside the button).
public sealed record RunNowRefusal(int StatusCode, string Title, string Detail);

public static class RunNowRules
{
    // The last entry wins when an identifier is tracked twice, as for the scheduler.
    public static bool TryAllow(
        string userId, [NotNullWhen(true)] UserConfiguration? configuration, string groupId,
        [NotNullWhen(true)] out TrackedGroup? group, [NotNullWhen(false)] out RunNowRefusal? refusal)
    {
        group = null;
        refusal = null;
        if (configuration is null)
        {
            refusal = new(StatusCodes.Status404NotFound, "Configuration not found", $"No configuration exists for '{userId}'.");
            return false;
        }
        var tracking = configuration.Features.PeriodicGroupTracking;
        group = tracking.TrackedGroups.LastOrDefault(tracked => string.Equals(tracked.GroupIdentifier, groupId, StringComparison.Ordinal));
        if (group is null)
        {
            refusal = new(StatusCodes.Status404NotFound, "Not a tracked group", $"'{groupId}' is not among the tracked groups of '{userId}'.");
            return false;
        }
        if (!tracking.Enabled)
        {
            group = null;
            refusal = new(StatusCodes.Status409Conflict, "Group tracking is off",
                $"Periodic group tracking is not enabled for '{userId}'; enable it in the configuration first.");
            return false;
        }
        return true;
    }
}
