using System.Net.Http.Headers;

namespace MyChatImposter.Webhooks;

// One attempt of one delivery: the signed POST, and what came of it. 2xx is delivered; any other status, a
// timeout, a refused or failed connection is a failed attempt with a short reason (never the receiver's body).
// Redirects are not followed (the client is made so): a 3xx is a failed attempt, so a webhook cannot be
// bounced somewhere its URL was not checked for.
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    public const string ClientName = "webhooks";
    public const string EventIdHeader = "X-Imposter-Event-Id";
    public const string EventHeader = "X-Imposter-Event";
    public const string TimestampHeader = "X-Imposter-Timestamp";
    public const string SignatureHeader = "X-Imposter-Signature";

    public sealed record Result(bool Delivered, int? StatusCode, string? Error);

    public async Task<Result> SendAsync(WebhookDelivery delivery, WebhookSubscription subscription, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(subscription);
        var body = Body(delivery);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(EventIdHeader, delivery.EventId);
        request.Headers.Add(EventHeader, delivery.EventType);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new(true, status, null)
                : new(false, status, ErrorText.Cut($"the receiver answered {status} {response.ReasonPhrase}".TrimEnd()));
        }
        catch (HttpRequestException error) when (Refusal(error) is { } refused)
        {
            return new(false, null, ErrorText.Cut(refused.Message));
        }
        catch (HttpRequestException error)
        {
            return new(false, null, ErrorText.Cut($"no answer: {error.HttpRequestError} ({error.Message})"));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, "no answer within the timeout");
        }
    }

    // The body every attempt sends, byte for byte the same: built from the row, not from the moment.
    public static string Body(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", delivery.EventId);
            writer.WriteString("type", delivery.EventType);
            writer.WriteString("created_at", delivery.CreatedAt.ToUniversalTime());
            writer.WriteString("user_id", delivery.UserId);
            writer.WritePropertyName("data");
            writer.WriteRawValue(delivery.Payload);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static WebhookEgressRefusedException? Refusal(Exception error) =>
        error as WebhookEgressRefusedException ?? (error.InnerException is { } inner ? Refusal(inner) : null);
}
