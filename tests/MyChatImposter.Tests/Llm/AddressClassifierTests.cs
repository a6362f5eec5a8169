using System.Net;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// Every range a user's base_url may not reach, at its edges, in IPv4 and in the IPv6 forms that carry IPv4.
public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.255.255.255", AddressKind.Unspecified)]
    [InlineData("10.0.0.0", AddressKind.Private)]
    [InlineData("10.255.255.255", AddressKind.Private)]
    [InlineData("100.64.0.0", AddressKind.SharedCgnat)]
    [InlineData("100.127.255.255", AddressKind.SharedCgnat)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("169.254.0.1", AddressKind.LinkLocal)]
    [InlineData("169.254.169.254", AddressKind.Metadata)]
    [InlineData("169.254.170.2", AddressKind.Metadata)]
    [InlineData("168.63.129.16", AddressKind.Metadata)]
    [InlineData("100.100.100.200", AddressKind.Metadata)]
    [InlineData("192.0.0.192", AddressKind.Metadata)]
    [InlineData("172.16.0.0", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("192.0.2.10", AddressKind.Reserved)]
    [InlineData("198.18.0.1", AddressKind.Reserved)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.250", AddressKind.Multicast)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("255.255.255.255", AddressKind.Reserved)]
    public void Non_public_IPv4_ranges(string address, AddressKind expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("febf:ffff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    public void Non_public_IPv6_ranges(string address) =>
        Assert.NotEqual(AddressKind.Public, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("fd12:3456::1", AddressKind.UniqueLocal)]
    [InlineData("fd00:ec2::254", AddressKind.Metadata)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    public void IPv6_kinds(string address, AddressKind expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    // ::ffff:127.0.0.1 is 127.0.0.1 to a dual-mode socket, and NAT64 or 6to4 gateways forward the others.
    [Theory]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:7f00:1", AddressKind.Loopback)]
    [InlineData("::ffff:169.254.169.254", AddressKind.Metadata)]
    [InlineData("::ffff:10.1.2.3", AddressKind.Private)]
    [InlineData("::127.0.0.1", AddressKind.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressKind.Metadata)]
    [InlineData("64:ff9b::192.168.0.1", AddressKind.Private)]
    [InlineData("2002:7f00:1::", AddressKind.Loopback)]
    [InlineData("2002:a00:1::1", AddressKind.Private)]
    public void IPv6_forms_carrying_an_IPv4_address_are_judged_by_it(string address, AddressKind expected) =>
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("104.18.6.192")]
    [InlineData("2606:4700::6812:6c0")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Public_addresses_and_the_edges_next_to_the_ranges_are_public(string address) =>
        Assert.Equal(AddressKind.Public, AddressClassifier.Classify(IPAddress.Parse(address)));
}
