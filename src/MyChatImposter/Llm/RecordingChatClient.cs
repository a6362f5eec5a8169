using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MyChatImposter.Llm;

// The outermost layer of every bot's chat client: each call's outcome (after retries) is logged without
// its text, kept as the bot's LLM health (last success, last failure) for the dashboard, counted in the bot's
// hourly activity (calls, errors, latency) and in the host's meters (LlmMetrics), and, when the user turned
// record_llm_interactions on, recorded whole (prompt, answer or failure, model, duration) for the owner to
// browse. A recording that cannot be written is logged and dropped: it never costs the bot its answer.
internal sealed partial class RecordingChatClient(
    IChatClient inner, string userId, string provider, string model, bool recordInteractions,
    ILlmInteractionStore interactions, LlmHealth health, BotActivityRecorder activity, LlmMetrics metrics, TimeProvider time, ILogger logger)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        var call = Start();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(prompt, options, cancellationToken);
        }
        catch (Exception exception) when (IsFailure(exception, cancellationToken))
        {
            await FailedAsync(call, prompt, exception);
            throw;
        }
        await AnsweredAsync(call, prompt, response.Text, response.ModelId, response.Usage);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        var call = Start();
        var answer = new StringBuilder();
        string? answeringModel = null;
        UsageDetails? usage = null;
        var updates = base.GetStreamingResponseAsync(prompt, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception exception) when (IsFailure(exception, cancellationToken))
                {
                    await FailedAsync(call, prompt, exception);
                    throw;
                }
                answer.Append(updates.Current.Text);
                answeringModel ??= updates.Current.ModelId;
                usage = updates.Current.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
        await AnsweredAsync(call, prompt, answer.ToString(), answeringModel, usage);
    }

    private readonly record struct Call(DateTimeOffset StartedAt, long Timestamp);

    private Call Start() => new(time.GetUtcNow(), time.GetTimestamp());

    // The caller's own cancellation (shutdown, unlink) is not the model failing.
    private static bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private async Task AnsweredAsync(Call call, List<ChatMessage> prompt, string answer, string? answeringModel, UsageDetails? usage)
    {
        var duration = time.GetElapsedTime(call.Timestamp);
        health.Succeeded(userId, time.GetUtcNow());
        activity.LlmCalled(userId, duration, failed: false);
        metrics.Answered(provider, duration, usage);
        LogAnswered(logger, userId, (long)duration.TotalMilliseconds);
        if (recordInteractions)
        {
            await RecordAsync(new LlmInteraction(userId, call.StartedAt, duration, provider, answeringModel ?? model, Prompt(prompt), answer, null));
        }
    }

    private async Task FailedAsync(Call call, List<ChatMessage> prompt, Exception exception)
    {
        var duration = time.GetElapsedTime(call.Timestamp);
        var description = Describe(exception);
        health.Failed(userId, time.GetUtcNow(), description);
        activity.LlmCalled(userId, duration, failed: true);
        metrics.Failed(provider, duration);
        LogFailed(logger, userId, (long)duration.TotalMilliseconds, description);
        if (recordInteractions)
        {
            await RecordAsync(new LlmInteraction(userId, call.StartedAt, duration, provider, model, Prompt(prompt), null, description));
        }
    }

    // Safe to show and log: LlmCallException carries no server text; anything else is named by its type only.
    internal static string Describe(Exception exception) => exception switch
    {
        LlmCallException failed => failed.Message,
        OperationCanceledException => "the call was cancelled",
        _ => $"unexpected error ({exception.GetType().Name})",
    };

    private async Task RecordAsync(LlmInteraction interaction)
    {
        try
        {
            // Not the caller's token: an answer that arrived is recorded even if the caller stops waiting now.
            await interactions.AddAsync(interaction, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogRecordingLost(logger, exception, userId);
        }
    }

    private static List<LlmPromptMessage> Prompt(List<ChatMessage> messages) =>
        [.. messages.Select(message => new LlmPromptMessage(message.Role.Value, message.Text))];

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "LLM call of {UserId} answered in {DurationMs} ms")]
    private static partial void LogAnswered(ILogger logger, string userId, long durationMs);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "LLM call of {UserId} failed after {DurationMs} ms: {Failure}")]
    private static partial void LogFailed(ILogger logger, string userId, long durationMs, string failure);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Could not record an LLM interaction of {UserId}; it is lost")]
    private static partial void LogRecordingLost(ILogger logger, Exception exception, string userId);
}
