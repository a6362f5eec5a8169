using System.Net;
using System.Net.Sockets;
using IPNetwork = System.Net.IPNetwork;

namespace MyChatImposter.Llm;

// What kind of address an LLM request would reach. Only Public is reachable from a user's base_url unless
// the operator allows the rest (Llm:AllowPrivateBaseUrls).
public enum AddressKind
{
    Public,
    Unspecified,
    Loopback,
    Private,
    SharedCgnat,
    LinkLocal,
    UniqueLocal,
    Multicast,
    // A cloud's instance metadata or platform service, where credentials of the machine are handed out.
    Metadata,
    // Documentation, benchmarking, IETF protocol and future-use ranges: nothing an LLM server lives at.
    Reserved,
}

// Sorts an IP address into the ranges the host will not let a user's base_url reach (server-side request
// forgery). IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
// 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address, so ::ffff:127.0.0.1 is loopback.
public static class AddressClassifier
{
    // Checked before the ranges: some sit inside ranges of another kind (100.100.100.200 is in CGNAT space),
    // and 168.63.129.16 is a public address that only Azure's platform answers.
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean...
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task credentials
        IPAddress.Parse("168.63.129.16"),   // Azure wire server
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("192.0.0.192"),     // Oracle Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS over IPv6
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.SharedCgnat),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressKind.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("64:ff9b:1::/48"), AddressKind.Private),
        (IPNetwork.Parse("100::/64"), AddressKind.Reserved),
        (IPNetwork.Parse("2001::/32"), AddressKind.Reserved), // Teredo: the IPv4 inside is obfuscated, so judge none
        (IPNetwork.Parse("2001:db8::/32"), AddressKind.Reserved),
        (IPNetwork.Parse("fc00::/7"), AddressKind.UniqueLocal),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressKind.Private), // the deprecated site-local range
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (EmbeddedIPv4(address) is { } inner)
        {
            return Classify(inner);
        }
        // Compared without the scope id of fe80::1%eth0.
        var plain = address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()) : address;
        if (MetadataAddresses.Contains(plain))
        {
            return AddressKind.Metadata;
        }
        foreach (var (network, kind) in Ranges)
        {
            if (network.Contains(plain))
            {
                return kind;
            }
        }
        return AddressKind.Public;
    }

    // "a loopback address", for messages.
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Unspecified => "an unspecified (0.0.0.0 or ::) address",
        AddressKind.Loopback => "a loopback address",
        AddressKind.Private => "a private-network address",
        AddressKind.SharedCgnat => "a carrier-grade NAT (100.64.0.0/10) address",
        AddressKind.LinkLocal => "a link-local address",
        AddressKind.UniqueLocal => "a unique-local (fc00::/7) address",
        AddressKind.Multicast => "a multicast address",
        AddressKind.Metadata => "a cloud metadata service address",
        AddressKind.Reserved => "a reserved address",
        _ => "a public address",
    };

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        // :: and ::1 are in ::/96 but are IPv6's own unspecified and loopback addresses.
        if (Nat64.Contains(address) || (IPv4Compatible.Contains(address) && bytes[12..].Any(part => part != 0) && !IPAddress.IPv6Loopback.Equals(address)))
        {
            return new IPAddress(bytes[12..]);
        }
        return SixToFour.Contains(address) ? new IPAddress(bytes[2..6]) : null;
    }
}
