using System.ClientModel;
using System.Net;
using System.Net.Http;

namespace MyChatImposter.Llm;

public enum LlmFailureKind
{
    Timeout,
    RateLimited,
    ServerError,
    NetworkError,
    // The server refused the request for good (bad key, unknown model, invalid setting): retrying cannot help.
    Rejected,
    // The host would not connect where base_url leads (a private, loopback... address): nor can retrying.
    EgressRefused,
}

// Why one LLM call failed, in words that can be shown to the bot's owner: status codes and kinds only,
// never the server's own message, which may quote the key ("Incorrect API key provided: sk-...") or the prompt.
public sealed record LlmFailure(LlmFailureKind Kind, string Description, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    public bool IsTransient => Kind is not (LlmFailureKind.Rejected or LlmFailureKind.EgressRefused);

    // Null when the exception is not a failure of the LLM service (a bug, a cancellation by the caller).
    public static LlmFailure? From(Exception exception, TimeSpan? timedOutAfter, DateTimeOffset now)
    {
        // Wrapped by the handler and the SDK as a network error, which would be retried.
        if (FindInner<LlmEgressRefusedException>(exception) is { } refused)
        {
            return new(LlmFailureKind.EgressRefused, refused.Message);
        }
        // Whatever the client threw once the attempt's timer fired (a cancellation, an aborted stream), the
        // cause is the timeout.
        if (timedOutAfter is { } timeout)
        {
            return new(LlmFailureKind.Timeout, $"no answer within {Seconds(timeout)}");
        }
        return exception switch
        {
            ClientResultException { Status: 0 } noResponse => Network(noResponse.InnerException),
            ClientResultException answered => FromStatus(answered.Status, RetryAfterHeader(answered, now)),
            HttpRequestException or IOException => Network(exception),
            _ => null,
        };
    }

    private static LlmFailure FromStatus(int status, TimeSpan? retryAfter) => status switch
    {
        (int)HttpStatusCode.TooManyRequests => new(LlmFailureKind.RateLimited, "rate limited by the server (HTTP 429)", status, retryAfter),
        (int)HttpStatusCode.RequestTimeout => new(LlmFailureKind.Timeout, "the server timed out (HTTP 408)", status, retryAfter),
        500 or 502 or 503 or 504 => new(LlmFailureKind.ServerError, $"server error (HTTP {status})", status, retryAfter),
        401 => new(LlmFailureKind.Rejected, "the server refused the API key (HTTP 401)", status),
        403 => new(LlmFailureKind.Rejected, "the API key may not use this model (HTTP 403)", status),
        404 => new(LlmFailureKind.Rejected, "not found (HTTP 404): check the model name and the base URL", status),
        400 => new(LlmFailureKind.Rejected, "the server refused the request (HTTP 400): check the model and the extra settings", status),
        _ => new(LlmFailureKind.Rejected, $"the server refused the request (HTTP {status})", status),
    };

    private static LlmFailure Network(Exception? cause)
    {
        // HttpRequestError names the kind (connection refused, name resolution...) without hosts or payloads.
        var detail = FindInner<HttpRequestException>(cause) is { HttpRequestError: not HttpRequestError.Unknown } http
            ? http.HttpRequestError.ToString()
            : "the connection failed";
        return new(LlmFailureKind.NetworkError, $"could not reach the server ({detail})");
    }

    // OpenAI sends retry-after-ms; RFC 9110 servers send Retry-After as seconds or an HTTP date.
    private static TimeSpan? RetryAfterHeader(ClientResultException exception, DateTimeOffset now)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }
        if (headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        if (!headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }

    private static T? FindInner<T>(Exception? exception) where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }
        return null;
    }

    internal static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms");
}

// A call that failed for good: every attempt failed on something transient, or one failed on something
// that retrying cannot fix. The message is the failure's description, safe to log and to show. The
// server's own error (a ClientResultException) is deliberately not chained: its text is written by the
// server and may quote the key; network errors and timeouts, written by .NET, are kept for diagnosis.
public sealed class LlmCallException : Exception
{
    public LlmCallException(LlmFailure failure, int attempts, Exception? cause)
        : base($"The LLM call failed after {attempts} attempt{(attempts == 1 ? "" : "s")}: {failure.Description}.",
            cause is ClientResultException ? null : cause)
    {
        Failure = failure;
        Attempts = attempts;
    }

    public LlmFailure Failure { get; }

    public int Attempts { get; }
}
