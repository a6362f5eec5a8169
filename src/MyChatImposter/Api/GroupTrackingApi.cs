using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The tracked groups' periods at the original's paths (spec/08 §4): a flat list of period documents, newest
// periodEnd first, in the original's field names (spec/12 `tracked_group_periods`) plus how processing went.
// A period's messages are not stored with it: they are read from the archive by its window, so they are the
// ones tracking processed. The DELETEs, which always failed in the original, delete the periods and the
// groups' progress, so tracking starts over from its look-back. "Run now" (new) starts one tracked group's run.
public static class GroupTrackingApi
{
    // The original's fallback when a period has no name and its group none either.
    public const string UnknownGroup = "Unknown Group";
    public const int MaxMessagesPerPeriod = 1_000;

    public static void MapGroupTrackingApi(this IEndpointRouteBuilder api)
    {
        // Every period route checks the ids (400) and that the bot exists (404).
        var periods = api.MapBotRoutes("/features/periodic_group_tracking/trackedGroupMessages", "Group tracking")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        periods.MapGet("/{user_id}", GetAll).WithSummary("A bot's tracked-group periods, of every group, newest first, with the messages each covered.");
        periods.MapGet("/{user_id}/{group_id}", GetOne).WithSummary("A bot's periods of one tracked group, newest first, with the messages each covered.");
        periods.MapDelete("/{user_id}", DeleteAll).WithSummary("Deletes a bot's periods of every tracked group; tracking starts over from its look-back.");
        periods.MapDelete("/{user_id}/{group_id}", DeleteOne).WithSummary("Deletes a bot's periods of one tracked group; its tracking starts over from its look-back.");

        // Runs one tracked group now (issue 13): missed periods first, then the current one up to the present.
        api.MapBotRoutes("/features/periodic_group_tracking/trackedGroups", "Group tracking")
            .MapPost("/{user_id}/{group_id}/run", RunAsync)
                .WithSummary("Runs one tracked group of a bot now: missed periods first, then the current one up to the present.")
            .WithDescription("Answers 202 at once; the periods appear under trackedGroupMessages (Location) as they are processed. "
                + "404 when the bot or the group is not tracked, 409 when group tracking is off.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    // The original's document, field names as it wrote them; the last four fields are new.
    public sealed record PeriodView(
        [property: JsonPropertyName("_id")] string Id,
        [property: JsonPropertyName("user_id")] string UserId,
        [property: JsonPropertyName("tracked_group_unique_identifier")] string GroupId,
        [property: JsonPropertyName("periodStart")] long PeriodStart,
        [property: JsonPropertyName("periodEnd")] long PeriodEnd,
        [property: JsonPropertyName("messageCount")] int MessageCount,
        [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("messages")] IReadOnlyList<PeriodMessageView> Messages,
        [property: JsonPropertyName("display_name")] string DisplayName,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("item_count")] int ItemCount,
        [property: JsonPropertyName("attempts")] int Attempts,
        [property: JsonPropertyName("last_error")] string? LastError);

    public sealed record RunAccepted(string Status, string UserId, string GroupId);

    // Times in ms, as in the archive's documents.
    public sealed record PeriodMessageView(
        ArchiveApi.PartyView Sender, string Message, long AcceptedTime, long? OriginatingTime, string ProviderMessageId);

    private static Task<Results<Ok<List<PeriodView>>, ProblemHttpResult>> GetAll(
        [FromRoute(Name = "user_id")] string userId, IBotConfigurationStore configurations, ITrackedPeriodStore store,
        IMessageArchive archive, CancellationToken cancellationToken) =>
        ListAsync(userId, null, configurations, store, archive, cancellationToken);

    private static Task<Results<Ok<List<PeriodView>>, ProblemHttpResult>> GetOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "group_id")] string groupId,
        IBotConfigurationStore configurations, ITrackedPeriodStore store, IMessageArchive archive, CancellationToken cancellationToken) =>
        ListAsync(userId, groupId, configurations, store, archive, cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteAll(
        [FromRoute(Name = "user_id")] string userId, IBotConfigurationStore configurations, ITrackedPeriodStore store,
        CancellationToken cancellationToken) =>
        DeleteAsync(userId, null, configurations, store, cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteOne(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "group_id")] string groupId,
        IBotConfigurationStore configurations, ITrackedPeriodStore store, CancellationToken cancellationToken) =>
        DeleteAsync(userId, groupId, configurations, store, cancellationToken);

    private static async Task<Results<Ok<List<PeriodView>>, ProblemHttpResult>> ListAsync(
        string userId, string? groupId, IBotConfigurationStore configurations, ITrackedPeriodStore store, IMessageArchive archive,
        CancellationToken cancellationToken)
    {
        if (InvalidIds(userId, groupId) is { } invalid)
        {
            return invalid;
        }
        var configuration = await configurations.GetAsync(userId, cancellationToken);
        if (configuration is null)
        {
            return Problems.BotNotFound(userId);
        }

        var configuredNames = configuration.Features.PeriodicGroupTracking.TrackedGroups
            .ToDictionary(group => group.GroupIdentifier, group => group.DisplayName, StringComparer.Ordinal);
        var views = new List<PeriodView>();
        foreach (var period in await store.ListAsync(userId, groupId, PipelinePaging.MaxPeriodPage, cancellationToken))
        {
            var messages = await archive.ReadWindowAsync(
                userId, period.GroupId, period.PeriodStart, period.PeriodEnd, afterId: 0, MaxMessagesPerPeriod, cancellationToken);
            views.Add(View(period, messages, configuredNames));
        }
        return TypedResults.Ok(views);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string userId, string? groupId, IBotConfigurationStore configurations, ITrackedPeriodStore store, CancellationToken cancellationToken)
    {
        if (InvalidIds(userId, groupId) is { } invalid)
        {
            return invalid;
        }
        if (await configurations.GetAsync(userId, cancellationToken) is null)
        {
            return Problems.BotNotFound(userId);
        }
        // Deleting what is already gone is done too: the caller wants no history left.
        await store.DeleteAsync(userId, groupId, cancellationToken);
        return TypedResults.NoContent();
    }

    // 202 at once: the run reads the archive, asks the LLM and queues digests in the background; its periods
    // show up in trackedGroupMessages (Location) as they are processed.
    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> RunAsync(
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
            new RunAccepted("accepted", userId, groupId));
    }

    private static ProblemHttpResult? InvalidIds(string userId, string? groupId) =>
        !UserIdRule.IsValid(userId) ? Problems.InvalidUserId()
        : groupId is not null && (string.IsNullOrWhiteSpace(groupId) || groupId.Length > ConfigurationLimits.GroupFieldMaxLength)
            ? Problems.Field(StatusCodes.Status400BadRequest, "Invalid group id", "group_id",
                $"must be 1-{ConfigurationLimits.GroupFieldMaxLength} characters, not only spaces.")
            : null;

    private static PeriodView View(TrackedPeriod period, IReadOnlyList<ArchivedMessage> messages, Dictionary<string, string> configuredNames) => new(
        period.Id,
        period.UserId,
        period.GroupId,
        period.PeriodStart.ToUnixTimeMilliseconds(),
        period.PeriodEnd.ToUnixTimeMilliseconds(),
        period.MessageCount,
        period.CreatedAt.ToUniversalTime(),
        [.. messages.Select(message => new PeriodMessageView(
            new ArchiveApi.PartyView(message.Sender.Identifier, message.Sender.DisplayName, message.Sender.AlternateIdentifiers),
            message.Content,
            message.AcceptedTime.ToUnixTimeMilliseconds(),
            message.OriginatingTime?.ToUnixTimeMilliseconds(),
            message.ProviderMessageId))],
        !string.IsNullOrWhiteSpace(period.DisplayName) ? period.DisplayName
            : configuredNames.GetValueOrDefault(period.GroupId) is { Length: > 0 } configured ? configured
            : messages.Select(message => message.Group?.Name).FirstOrDefault(name => !string.IsNullOrWhiteSpace(name)) ?? UnknownGroup,
        EnumNames<PeriodStatus>.Name(period.Status),
        period.ItemCount,
        period.Attempts,
        period.LastError);
}
