using Microsoft.AspNetCore.Mvc;
using MyChatImposter.Accounts;
using MyChatImposter.Configuration;
using MyChatImposter.GroupTracking;
using MyChatImposter.Storage;

namespace MyChatImposter.Api;

// Runs one tracked group now (issue 13): missed periods first, then the current one up to the present.
public static class GroupTrackingRunApi
{
    public static IEndpointRouteBuilder MapGroupTrackingRunApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/features/periodic_group_tracking/trackedGroups/{user_id}/{group_id}/run", RunAsync)
            .WithTags("Group tracking").RequireAuthorization(ApiPolicies.OwnerOrAdmin);
        return api;
    }

    // 202 at once: the run reads the archive, asks the LLM and queues digests in the background; its periods
    // show up in trackedGroupMessages (Location) as they are processed.
    private static async Task<IResult> RunAsync(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "group_id")] string groupId,
        IBotConfigurationStore configurations, GroupTrackingRunner runner, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        if (await configurations.GetAsync(userId, cancellationToken) is not { } configuration)
        {
            return TypedResults.Problem(title: "Configuration not found", detail: $"No configuration exists for '{userId}'.",
                statusCode: StatusCodes.Status404NotFound);
        }
        var tracking = configuration.Features.PeriodicGroupTracking;
        if (tracking.TrackedGroups.LastOrDefault(group => string.Equals(group.GroupIdentifier, groupId, StringComparison.Ordinal)) is not { } tracked)
        {
            return TypedResults.Problem(title: "Not a tracked group",
                detail: $"'{groupId}' is not among the tracked groups of '{userId}'.", statusCode: StatusCodes.Status404NotFound);
        }
        if (!tracking.Enabled)
        {
            return TypedResults.Problem(title: "Group tracking is off",
                detail: $"Periodic group tracking is not enabled for '{userId}'; enable it in the configuration first.",
                statusCode: StatusCodes.Status409Conflict);
        }
        runner.StartRunNow(userId, configuration, tracked);
        return TypedResults.Accepted(
            $"/api/external/features/periodic_group_tracking/trackedGroupMessages/{Uri.EscapeDataString(userId)}/{Uri.EscapeDataString(groupId)}",
            new { status = "accepted", user_id = userId, group_id = groupId });
    }
}
