using Microsoft.Extensions.AI;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// Settings that cannot make a client: a clear LlmConfigurationException naming the field, before any call.
public sealed class LlmClientFactoryTests : FakeServerTest
{
    private const string Settings = "configurations.llm_provider_config.provider_config";

    [Fact]
    public void The_environment_source_without_OPENAI_API_KEY_names_api_key_source()
    {
        var settings = LlmSettings.OpenAi(Server).WithSettings(settings => settings with { ApiKeySource = ApiKeySource.Environment });

        var error = Assert.Throws<LlmConfigurationException>(() => Host.Factory.Create("ann", settings));

        Assert.Equal($"{Settings}.api_key_source", error.Field);
        Assert.Contains("OPENAI_API_KEY", error.Message);
        Assert.Empty(Server.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void The_explicit_source_without_a_key_names_api_key(string? key)
    {
        var settings = LlmSettings.OpenAi(Server).WithSettings(settings => settings with { ApiKey = key });

        var error = Assert.Throws<LlmConfigurationException>(() => Host.Factory.Create("ann", settings));

        Assert.Equal($"{Settings}.api_key", error.Field);
        Assert.Contains("explicit", error.Message);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public void A_base_url_that_skipped_validation_names_base_url(string baseUrl)
    {
        var settings = LlmSettings.OpenAi(Server).WithSettings(settings => settings with { BaseUrl = baseUrl });

        var error = Assert.Throws<LlmConfigurationException>(() => Host.Factory.Create("ann", settings));

        Assert.Equal($"{Settings}.base_url", error.Field);
    }

    [Fact]
    public void An_unknown_provider_names_provider_name()
    {
        var error = Assert.Throws<LlmConfigurationException>(() =>
            Host.Factory.Create("ann", LlmSettings.OpenAi(Server) with { ProviderName = "anthropic" }));

        Assert.Equal("configurations.llm_provider_config.provider_name", error.Field);
        Assert.Contains("openAi", error.Message);
    }

    [Fact]
    public void The_fake_provider_needs_neither_a_key_nor_aServer()
    {
        var client = Host.Factory.Create("ann", new LlmProviderConfig
        {
            ProviderName = "fakeLlm",
            ProviderConfig = new LlmProviderSettings { ApiKeySource = ApiKeySource.Explicit, ApiKey = null, Model = "fake" },
        });

        Assert.NotNull(client.GetService<IChatClient>());
    }
}
