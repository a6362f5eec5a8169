using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MyChatImposter.Llm;

// Timeouts and retries around every model call: each attempt gets Llm:Timeout; transient failures (429,
// 408, 500/502/503/504, network errors, timeouts) are tried again up to Llm:MaxAttempts, after the
// server's Retry-After or a jittered exponential backoff; the caller's cancellation (shutdown, unlink)
// ends the call at once and is never retried. Failures come out as LlmCallException.
// Our own policy rather than the OpenAI SDK's (which is switched off): the SDK's ClientRetryPolicy has no
// per-attempt timeout and its waits do not run on TimeProvider, and this one serves every provider alike.
internal sealed class RetryingChatClient(IChatClient inner, LlmOptions options, TimeProvider time, Func<double> jitter)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        // Enumerated once: a lazy sequence would be rebuilt (or exhausted) on each attempt.
        var prompt = messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(options.Timeout, time);
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return await base.GetResponseAsync(prompt, chatOptions, attemptToken.Token);
            }
            catch (Exception exception) when (Classify(exception, timeout, cancellationToken) is { } failure)
            {
                await WaitBeforeRetryAsync(failure, attempt, exception, cancellationToken);
            }
        }
    }

    // Retried only until the first update arrives: after that, part of the answer has been seen and a
    // second attempt would repeat it. A later failure reaches the caller as it is.
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var timeout = new CancellationTokenSource(options.Timeout, time);
            var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            IAsyncEnumerator<ChatResponseUpdate>? updates = null;
            bool any;
            try
            {
                updates = base.GetStreamingResponseAsync(prompt, chatOptions, attemptToken.Token).GetAsyncEnumerator(attemptToken.Token);
                any = await updates.MoveNextAsync();
            }
            catch (Exception exception) when (Classify(exception, timeout, cancellationToken) is { } failure)
            {
                if (updates is not null)
                {
                    await updates.DisposeAsync();
                }
                attemptToken.Dispose();
                timeout.Dispose();
                await WaitBeforeRetryAsync(failure, attempt, exception, cancellationToken);
                continue;
            }

            try
            {
                if (any)
                {
                    yield return updates.Current;
                    while (await updates.MoveNextAsync())
                    {
                        yield return updates.Current;
                    }
                }
            }
            finally
            {
                await updates.DisposeAsync();
                attemptToken.Dispose();
                timeout.Dispose();
            }
            yield break;
        }
    }

    // The wait before retry number `failedAttempt` (1 = after the first attempt failed): the server's
    // Retry-After when it sent one (null when that is longer than RetryMaxDelay: not worth waiting for),
    // else RetryBaseDelay doubled per attempt, capped at RetryMaxDelay, scaled by a half to the whole.
    internal static TimeSpan? DelayBeforeRetry(int failedAttempt, TimeSpan? retryAfter, LlmOptions options, double jitter)
    {
        if (retryAfter is { } asked)
        {
            return asked <= options.RetryMaxDelay ? asked : null;
        }
        var exponential = options.RetryBaseDelay * Math.Pow(2, failedAttempt - 1);
        var capped = exponential < options.RetryMaxDelay ? exponential : options.RetryMaxDelay;
        return capped * (0.5 + (Math.Clamp(jitter, 0, 1) / 2));
    }

    private LlmFailure? Classify(Exception exception, CancellationTokenSource timeout, CancellationToken caller) =>
        caller.IsCancellationRequested
            ? null
            : LlmFailure.From(exception, timeout.IsCancellationRequested ? options.Timeout : null, time.GetUtcNow());

    private async Task WaitBeforeRetryAsync(LlmFailure failure, int attempt, Exception exception, CancellationToken cancellationToken)
    {
        if (!failure.IsTransient || attempt >= options.MaxAttempts)
        {
            throw new LlmCallException(failure, attempt, exception);
        }
        var delay = DelayBeforeRetry(attempt, failure.RetryAfter, options, jitter());
        if (delay is null)
        {
            throw new LlmCallException(failure with
            {
                Description = $"{failure.Description}; the server asked to wait {LlmFailure.Seconds(failure.RetryAfter!.Value)}, longer than Llm:RetryMaxDelay",
            }, attempt, exception);
        }
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay.Value, time, cancellationToken);
        }
    }
}
