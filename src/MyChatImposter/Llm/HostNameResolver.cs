using System.Net;

namespace MyChatImposter.Llm;

// The addresses a host name stands for, as GuardedConnector sees them. An interface so that a test can
// make a name lead to a private address without a DNS server of its own.
public interface IHostNameResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsHostNameResolver : IHostNameResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
