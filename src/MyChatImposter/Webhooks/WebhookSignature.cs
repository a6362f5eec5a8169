using System.Security.Cryptography;

namespace MyChatImposter.Webhooks;

// X-Imposter-Signature: "sha256=" and the lower-case hex HMAC-SHA256, keyed by the subscription's secret (its
// UTF-8 bytes), of "<X-Imposter-Timestamp>.<body>". The timestamp is signed with the body so that a captured
// request cannot be replayed later under a fresh timestamp.
public static class WebhookSignature
{
    public const string Scheme = "sha256=";

    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    // What a receiver does (and the README shows): compare in constant time.
    public static bool Verify(string secret, long timestamp, string body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Sign(secret, timestamp, body)), Encoding.UTF8.GetBytes(signature));
}
