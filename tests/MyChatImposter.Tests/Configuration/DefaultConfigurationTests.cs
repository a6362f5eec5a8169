using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Configuration;

public sealed class DefaultConfigurationTests
{
    private static readonly UserConfiguration Template = DefaultConfiguration.Template;

    [Fact]
    public void The_template_is_valid() => Assert.Empty(ConfigurationValidator.Validate(Template, new LlmOptions()));

    [Fact]
    public void The_template_names_providers_that_resolve()
    {
        // The original's template named whatsapp_baileys and openai, which could not be linked (spec/14 #19).
        Assert.True(ProviderNames.TryResolveChat(Template.Configurations.ChatProviderConfig.ProviderName, out var chat));
        Assert.Equal(ChatProviderKind.WhatsApp, chat);
        Assert.True(ProviderNames.TryResolveLlm(Template.Configurations.LlmProviderConfig.ProviderName, out var llm));
        Assert.Equal(LlmProviderKind.OpenAi, llm);
    }

    [Fact]
    public void The_template_has_the_documented_values()
    {
        Assert.Equal("default_template", Template.UserId);
        var settings = Template.Configurations.LlmProviderConfig.ProviderConfig;
        Assert.Equal(ApiKeySource.Environment, settings.ApiKeySource);
        Assert.Null(settings.ApiKey);
        Assert.Equal("gpt-4o-mini", settings.Model);
        Assert.Equal(0.7, settings.Temperature);
        Assert.Equal(new ChatProviderSettings(), Template.Configurations.ChatProviderConfig.ProviderConfig);
        Assert.Equal(new UserDetails(), Template.Configurations.UserDetails);
        Assert.Equal(new QueueConfig(), Template.Configurations.QueueConfig);
        Assert.Equal(new ContextConfig(), Template.Configurations.ContextConfig);
    }

    [Fact]
    public void Every_feature_of_the_template_is_disabled()
    {
        Assert.False(Template.Features.AutomaticBotReply.Enabled);
        Assert.False(Template.Features.PeriodicGroupTracking.Enabled);
        Assert.Empty(Template.Features.PeriodicGroupTracking.TrackedGroups);
        Assert.False(Template.Features.KidPhoneSafetyTracking.Enabled);
    }

    [Fact]
    public void The_template_saved_unchanged_reads_back_valid()
    {
        var result = ConfigurationReader.Read(ConfigurationDocuments.Utf8(ConfigurationJson.Serialize(Template)), new LlmOptions());

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Configuration);
    }
}
