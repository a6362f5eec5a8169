using System.Net;
using System.Net.Sockets;

namespace MyChatImposter.Llm;

// The ConnectCallback of the HttpClients that call a user's URL (an LLM base_url, a webhook): it resolves the
// name once, refuses if any address it stands for is not public, and connects to those checked addresses, never
// to a second resolution. So a name that passes the check and then answers with 127.0.0.1 (DNS rebinding) gets
// nowhere, and neither does "localhost" or a name the operator's DNS maps to the private network.
// Refusing on any address, not only on the one connected to: a public API has no reason to list a private
// one, and a mixed answer is what a rebinding attack looks like.
// Each client gives its Rule: what the log calls its requests, the setting that allows private addresses, and
// the exception a refusal throws.
internal sealed partial class GuardedConnector(IHostNameResolver resolver, ILogger<GuardedConnector> logger, GuardedConnector.Rule? rule = null)
{
    public sealed record Rule(string Requests, string AllowSetting, Func<AddressKind, Exception> Refusal);

    public static Rule LlmRequests { get; } =
        new("an LLM request", "Llm:AllowPrivateBaseUrls", kind => new LlmEgressRefusedException(kind));

    private readonly Rule _rule = rule ?? LlmRequests;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await resolver.ResolveAsync(endPoint.Host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        foreach (var address in addresses)
        {
            var kind = AddressClassifier.Classify(address);
            if (kind != AddressKind.Public)
            {
                LogRefused(logger, _rule.Requests, endPoint.Host, endPoint.Port, address, kind, _rule.AllowSetting);
                throw _rule.Refusal(kind);
            }
        }

        // Dual-mode, so one socket tries IPv6 and IPv4 addresses alike.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning,
        Message = "Refused to connect {Requests} to {Host}:{Port}: it leads to {Address}, of kind {Kind}; {Setting} allows it")]
    private static partial void LogRefused(
        ILogger logger, string requests, string host, int port, IPAddress address, AddressKind kind, string setting);
}

// The host would not connect where a user's base_url leads. The message names the kind of address only:
// it is shown to the bot's owner, who should not learn what the operator's private names resolve to.
public sealed class LlmEgressRefusedException(AddressKind kind)
    : Exception($"base_url leads to {AddressClassifier.Describe(kind)}, which this host does not send requests to; "
        + "its operator can allow such addresses with Llm:AllowPrivateBaseUrls")
{
    public AddressKind Kind { get; } = kind;
}
