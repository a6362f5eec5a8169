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
        var configuration = await configurations.GetAsync(userId, cancellationToken);
        if (!RunNowRules.TryAllow(userId, configuration, groupId, out var tracked, out var refusal))
        {
            return TypedResults.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: refusal.StatusCode);
        }
        runner.StartRunNow(userId, configuration, tracked);
        return TypedResults.Accepted(
            $"/api/external/features/periodic_group_tracking/trackedGroupMessages/{Uri.EscapeDataString(userId)}/{Uri.EscapeDataString(groupId)}",
            new { status = "accepted", user_id = userId, group_id = groupId });
    }
}
