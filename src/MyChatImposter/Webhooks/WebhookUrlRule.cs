using System.Net;

namespace MyChatImposter.Webhooks;

// What a webhook URL must be when it is saved: absolute http or https, at most MaxLength characters, no
// user-info, and, unless Webhooks:AllowPrivateUrls is on, not a literal private, loopback or link-local
// address nor "localhost". A name is only judged when it is connected to (GuardedConnector), so a name that
// later resolves elsewhere (DNS rebinding) is caught there.
public static class WebhookUrlRule
{
    public const int MaxLength = 2_000;

    // The problem with url, or null when it may be saved.
    public static string? Problem(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "is required: the http or https address to post events to.";
        }
        if (url.Length > MaxLength)
        {
            return $"has at most {MaxLength} characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http:// or https:// URL.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password; check the signature instead.";
        }
        if (allowPrivate)
        {
            return null;
        }
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Refused(AddressKind.Loopback);
        }
        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && AddressClassifier.Classify(address) is var kind && kind != AddressKind.Public
            ? Refused(kind)
            : null;
    }

    public static string Refused(AddressKind kind) =>
        $"leads to {AddressClassifier.Describe(kind)}, which this host does not send webhooks to; its operator can allow such addresses with Webhooks:AllowPrivateUrls.";
}

// A webhook's connection led to an address the host does not send to. Only the kind is told: the message
// is shown to the bot's owner, who should not learn what the operator's private names resolve to.
public sealed class WebhookEgressRefusedException(AddressKind kind) : Exception("url " + WebhookUrlRule.Refused(kind))
{
    public AddressKind Kind { get; } = kind;
}
