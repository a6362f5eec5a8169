using MyChatImposter.Configuration;

namespace MyChatImposter.Tests.Configuration;

public sealed class ProviderNamesTests
{
    [Theory]
    [InlineData("whatsAppBaileyes", ChatProviderKind.WhatsApp)]
    [InlineData("whatsapp", ChatProviderKind.WhatsApp)]
    [InlineData("WhatsApp", ChatProviderKind.WhatsApp)]
    [InlineData("WHATSAPPBAILEYES", ChatProviderKind.WhatsApp)]
    [InlineData("dummy", ChatProviderKind.Sandbox)]
    [InlineData("sandbox", ChatProviderKind.Sandbox)]
    [InlineData("Dummy", ChatProviderKind.Sandbox)]
    public void Chat_provider_names_and_aliases_resolve(string name, ChatProviderKind expected)
    {
        Assert.True(ProviderNames.TryResolveChat(name, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("openAi", LlmProviderKind.OpenAi)]
    [InlineData("openai", LlmProviderKind.OpenAi)]
    [InlineData("OPENAI", LlmProviderKind.OpenAi)]
    [InlineData("fakeLlm", LlmProviderKind.Fake)]
    [InlineData("fake", LlmProviderKind.Fake)]
    [InlineData("FakeLLM", LlmProviderKind.Fake)]
    public void Llm_provider_names_and_aliases_resolve(string name, LlmProviderKind expected)
    {
        Assert.True(ProviderNames.TryResolveLlm(name, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" whatsapp")]
    [InlineData("whatsapp_baileys")]
    [InlineData("whatsAppBaileys")]
    [InlineData("telegram")]
    [InlineData("openAi")]
    public void Other_chat_provider_names_do_not_resolve(string? name) =>
        Assert.False(ProviderNames.TryResolveChat(name, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("open_ai")]
    [InlineData("gpt-4")]
    [InlineData("anthropic")]
    [InlineData("dummy")]
    public void Other_llm_provider_names_do_not_resolve(string? name) =>
        Assert.False(ProviderNames.TryResolveLlm(name, out _));
}
