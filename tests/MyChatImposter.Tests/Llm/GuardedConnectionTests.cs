using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// The connect-time half of the egress rules, through the host's LLM services, the OpenAI SDK and the real
// ConnectCallback, with Llm:AllowPrivateBaseUrls off: a user's base_url whose name leads to a non-public
// address is refused when connected to, once and for good; the operator's endpoint is trusted.
public sealed class GuardedConnectionTests() : FakeServerTest(
    new Dictionary<string, string?> { ["Llm:AllowPrivateBaseUrls"] = "false", ["OPENAI_API_KEY"] = HostKey },
    services => services.Replace(ServiceDescriptor.Singleton<IHostNameResolver>(Names)))
{
    private const string HostKey = "sk-operator-HOST-KEY-0123456789";

    // Static: the base class builds the host before this class's fields exist. Tests read only their own names.
    private static readonly MappedNames Names = new()
    {
        ["llm.internal.test"] = [IPAddress.Loopback],
        ["metadata.internal.test"] = [IPAddress.Parse("169.254.169.254")],
        ["mixed.internal.test"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.0.0.1")],
    };

    private LlmProviderConfig At(string host) =>
        LlmSettings.OpenAi(Server).WithSettings(settings => settings with { BaseUrl = $"http://{host}:{Server.Root.Port}/v1" });

    private async Task<LlmCallException> RefusedAsync(LlmProviderConfig settings)
    {
        var client = Host.Factory.Create("ann", settings);

        var failed = await Assert.ThrowsAsync<LlmCallException>(() => client.GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal(LlmFailureKind.EgressRefused, failed.Failure.Kind);
        Assert.Equal(1, failed.Attempts);
        Assert.Empty(Server.Requests);
        return failed;
    }

    [Theory]
    [InlineData("llm.internal.test", "a loopback address")]
    [InlineData("metadata.internal.test", "a cloud metadata service address")]
    // Refused on any address it lists, before connecting to the public one.
    [InlineData("mixed.internal.test", "a private-network address")]
    public async Task A_name_leading_to_a_non_public_address_is_refused_once_and_for_good(string host, string kind)
    {
        var failed = await RefusedAsync(At(host));

        Assert.Contains($"base_url leads to {kind}", failed.Message);
        Assert.Contains("Llm:AllowPrivateBaseUrls", failed.Message);
        Assert.Contains(kind, Host.Service<LlmHealth>().For("ann")!.LastFailure);
    }

    // Through the system's own resolver: validation refuses "localhost" by name, this is the net under it.
    [Fact]
    public async Task Localhost_is_refused_when_connecting() =>
        Assert.Contains("loopback", (await RefusedAsync(At("localhost"))).Message);

    // Not 127.0.0.1: with the server's port that is the operator's endpoint, which is trusted.
    [Fact]
    public async Task An_address_literal_is_refused_without_asking_the_resolver()
    {
        var before = Names.Lookups;

        await RefusedAsync(At("127.0.0.2"));

        Assert.Equal(before, Names.Lookups);
    }

    // The operator chose its endpoint (here the fake server on 127.0.0.1): both keys reach it.
    [Fact]
    public async Task The_operators_endpoint_is_trusted_wherever_it_is()
    {
        var client = Host.Factory.Create("ann", LlmSettings.OpenAi(Server).WithSettings(settings => settings with
        {
            ApiKeySource = ApiKeySource.Environment,
            BaseUrl = null,
        }));

        Assert.Equal("Hello from the fake OpenAI server.", (await client.GetResponseAsync("hi", cancellationToken: Ct)).Text);
        Assert.Equal("Bearer " + HostKey, Assert.Single(Server.Requests).Authorization);
    }

    // A document stored before the rule: the factory refuses it before anything is sent.
    [Fact]
    public void The_hosts_key_with_a_base_url_of_the_users_is_refused_by_the_factory()
    {
        var settings = At("llm.internal.test").WithSettings(settings => settings with { ApiKeySource = ApiKeySource.Environment });

        var error = Assert.Throws<LlmConfigurationException>(() => Host.Factory.Create("ann", settings));

        Assert.Equal("configurations.llm_provider_config.provider_config.base_url", error.Field);
        Assert.Contains("api_key_source environment", error.Message);
        Assert.Empty(Server.Requests);
    }
}

// The same host with private addresses allowed: the guard is not in the way of a local model.
public sealed class AllowedPrivateBaseUrlTests() : FakeServerTest(new Dictionary<string, string?> { ["Llm:AllowPrivateBaseUrls"] = "true" })
{
    [Fact]
    public async Task Localhost_is_reached_when_the_operator_allows_private_base_urls()
    {
        var client = Host.Factory.Create("ann",
            LlmSettings.OpenAi(Server).WithSettings(settings => settings with { BaseUrl = $"http://localhost:{Server.Root.Port}/v1" }));

        Assert.Equal("Hello from the fake OpenAI server.", (await client.GetResponseAsync("hi", cancellationToken: Ct)).Text);
        Assert.Equal("Bearer sk-test-explicit-0123456789abcdef", Assert.Single(Server.Requests).Authorization);
    }
}
