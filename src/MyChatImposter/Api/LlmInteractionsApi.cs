using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The prompts and answers recorded for a bot (record_llm_interactions), newest first, paged by "before":
// for its owner and administrators.
public static class LlmInteractionsApi
{
    public static void MapLlmInteractionsApi(this IEndpointRouteBuilder api)
    {
        var interactions = api.MapBotRoutes("/users/{user_id}/llm-interactions", "LLM interactions");
        interactions.MapGet("/", ListAsync).WithSummary("The prompts a bot sent to its LLM and the answers, newest first, paged by before.")
            .WithDescription("Recorded only while the bot's record_llm_interactions is on, and kept for the retention days the answer names.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    // recording: whether the stored configuration records now; next_before: the cursor of the next (older)
    // page, null on the last one.
    public sealed record InteractionPage(
        string UserId, bool Recording, int RetentionDays, long Total, IReadOnlyList<InteractionView> Interactions, string? NextBefore);

    public sealed record InteractionView(
        string Id, DateTimeOffset StartedAt, long DurationMs, string Provider, string Model,
        IReadOnlyList<LlmPromptMessage> Prompt, string? Answer, string? Error);

    private static async Task<Results<Ok<InteractionPage>, ProblemHttpResult>> ListAsync(
        [FromRoute(Name = "user_id")] string userId, IBotConfigurationStore configurations, ILlmInteractionStore interactions,
        IOptions<LlmOptions> options, CancellationToken cancellationToken, string? before = null, int limit = 50)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        if (Problems.InvalidLimit(limit, LlmInteractionPaging.MaxLimit) is { } invalidLimit)
        {
            return invalidLimit;
        }
        var configuration = await configurations.GetAsync(userId, cancellationToken);
        if (configuration is null)
        {
            return TypedResults.Problem(title: "Configuration not found", detail: $"No configuration exists for user '{userId}'.",
                statusCode: StatusCodes.Status404NotFound);
        }

        IReadOnlyList<LlmInteraction> page;
        try
        {
            page = await interactions.ListAsync(userId, before, limit, cancellationToken);
        }
        catch (ArgumentException invalid) when (invalid is not ArgumentOutOfRangeException)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid cursor", "before", invalid.Message);
        }
        return TypedResults.Ok(new InteractionPage(
            userId,
            configuration.Configurations.LlmProviderConfig.ProviderConfig.RecordLlmInteractions,
            (int)options.Value.InteractionRetention.TotalDays,
            await interactions.CountAsync(userId, cancellationToken),
            [.. page.Select(View)],
            page.Count == limit ? page[^1].Id : null));
    }

    private static InteractionView View(LlmInteraction interaction) => new(
        interaction.Id!, interaction.StartedAt, (long)interaction.Duration.TotalMilliseconds, interaction.Provider, interaction.Model,
        interaction.Prompt, interaction.Answer, interaction.Error);
}
