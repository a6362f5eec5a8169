using System.Net;

namespace MyChatImposter.Llm;

// Where one bot's LLM requests go, and whether the host trusts that place (issue 11):
//  1. No base_url, or the operator's own Llm:DefaultBaseUrl: the operator's endpoint, trusted, with either key.
//  2. Any other base_url is the user's choice. It never gets the host's key (api_key_source environment):
//     refused at validation, and again here for documents stored before the rule.
//  3. A user's base_url reaches only public addresses unless the operator allows more
//     (Llm:AllowPrivateBaseUrls): literal addresses and localhost are refused at validation, every name
//     again when it is connected to (GuardedConnector), since DNS may answer differently later.
// The operator's endpoint is exempt from 3: the operator chose it and can reach anything from the host
// anyway, and a gateway on the private network (LiteLLM, a proxy) is a normal place for it.
public sealed record LlmEndpoint(Uri Url, bool IsOperators)
{
    private const string BaseUrlField = "base_url";

    public static LlmEndpoint For(LlmProviderSettings settings, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (settings.BaseUrl is null)
        {
            return new(options.DefaultBaseUrl, IsOperators: true);
        }
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var url) || !IsHttpUrl(url))
        {
            throw new LlmConfigurationException(LlmSettingsFields.Path(BaseUrlField), "must be an absolute http or https URL.");
        }
        // The operator's URL as configured, not the user's spelling of it.
        if (SameEndpoint(url, options.DefaultBaseUrl))
        {
            return new(options.DefaultBaseUrl, IsOperators: true);
        }
        if (settings.ApiKeySource == ApiKeySource.Environment)
        {
            throw new LlmConfigurationException(LlmSettingsFields.Path(BaseUrlField), HostKeyElsewhere);
        }
        return new(url, IsOperators: false);
    }

    // The rules a document's base_url breaks (2 and 3), for ConfigurationValidator; the URL's own syntax
    // is checked before.
    public static IEnumerable<string> Problems(LlmProviderSettings settings, Uri url, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        if (SameEndpoint(url, options.DefaultBaseUrl))
        {
            yield break;
        }
        if (settings.ApiKeySource == ApiKeySource.Environment)
        {
            yield return HostKeyElsewhere;
        }
        if (!options.AllowPrivateBaseUrls && LiteralKind(url) is { } kind and not AddressKind.Public)
        {
            yield return $"is {AddressClassifier.Describe(kind)}, which this host does not send requests to; "
                + "its operator can allow such addresses with Llm:AllowPrivateBaseUrls.";
        }
    }

    public static bool IsHttpUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && url.Scheme is "http" or "https" && !string.IsNullOrEmpty(url.Host);

    // Named for the field it is reported at (base_url): that is the value that cannot be honoured, since the
    // host's key works with the host's endpoint, and the page shows it beside the URL that was typed.
    private const string HostKeyElsewhere =
        "cannot be used with api_key_source environment: the host's key is only sent to the host's own endpoint. "
        + "Leave base_url empty to use that endpoint, or choose api_key_source explicit and enter your own key for this server.";

    // What the URL's host is known to be without asking DNS: an IP literal, or localhost (RFC 6761: every
    // name under .localhost is loopback). Other names are judged when connected to.
    private static AddressKind? LiteralKind(Uri url)
    {
        var host = url.IdnHost;
        if (IPAddress.TryParse(host, out var address))
        {
            return AddressClassifier.Classify(address);
        }
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? AddressKind.Loopback
            : null;
    }

    // Scheme, host, port and path; a trailing slash and letter case do not make another endpoint.
    private static bool SameEndpoint(Uri url, Uri operators) =>
        string.Equals(Normalized(url), Normalized(operators), StringComparison.OrdinalIgnoreCase);

    private static string Normalized(Uri url) => $"{url.Scheme}://{url.IdnHost}:{url.Port}{url.AbsolutePath.TrimEnd('/')}";
}
