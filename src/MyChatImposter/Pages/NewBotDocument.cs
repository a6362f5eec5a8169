using MyChatImposter.Pages.Bots;
using MyChatImposter.Pages.Bots.Settings;

namespace MyChatImposter.Pages;

// Between the new-bot form and the configuration document: the defaults template with the person's
// answers in place, and the way back, from the document path an error names to the field that shows it.
// Nothing is checked here: the document goes to BotLifecycle, whose validation is the API's. The choices'
// values are those of the settings sections and the AI page, so one bot's answers read the same everywhere.
public static class NewBotDocument
{
    public const string Sandbox = GeneralForm.Sandbox;
    public const string WhatsApp = GeneralForm.WhatsApp;
    public const string OpenAi = ProviderNames.OpenAi;
    public const string Fake = ProviderNames.FakeLlm;
    public const string Environment = AiModel.Environment;
    public const string Explicit = AiModel.Explicit;

    // The correspondent a new sandbox bot answers: "Try it in the sandbox" opens the chat page writing as
    // them, so the first message gets a reply without the person learning about whitelists first.
    public const string SandboxContact = "friend";

    private const string Details = "configurations.user_details";
    private const string LlmSettings = "configurations.llm_provider_config.provider_config";

    public static DocumentFields Fields { get; } = new DocumentFields(nameof(NewBotModel.Input))
        .Field("user_id", nameof(NewBotModel.InputModel.UserId))
        .Field($"{Details}.first_name", nameof(NewBotModel.InputModel.FirstName))
        .Field($"{Details}.last_name", nameof(NewBotModel.InputModel.LastName))
        .Field($"{Details}.timezone", nameof(NewBotModel.InputModel.Timezone))
        .Field($"{Details}.language_code", nameof(NewBotModel.InputModel.Language))
        .Field("configurations.chat_provider_config.provider_name", nameof(NewBotModel.InputModel.ChatProvider))
        .Field("configurations.llm_provider_config.provider_name", nameof(NewBotModel.InputModel.LlmProvider))
        .Field($"{LlmSettings}.model", nameof(NewBotModel.InputModel.Model))
        .Field($"{LlmSettings}.base_url", nameof(NewBotModel.InputModel.BaseUrl))
        .Field($"{LlmSettings}.api_key_source", nameof(NewBotModel.InputModel.KeySource))
        .Field($"{LlmSettings}.api_key", nameof(NewBotModel.InputModel.ApiKey));

    // The form's starting values: the template's, in UTC until the browser says where it is.
    public static NewBotModel.InputModel Blank(string? ownUserId)
    {
        var template = DefaultConfiguration.Template;
        var llm = template.Configurations.LlmProviderConfig.ProviderConfig;
        return new NewBotModel.InputModel
        {
            UserId = ownUserId,
            Timezone = template.Configurations.UserDetails.Timezone,
            Language = template.Configurations.UserDetails.LanguageCode,
            ChatProvider = Sandbox,
            LlmProvider = Fake,
            Model = llm.Model,
            KeySource = Environment,
        };
    }

    public static UserConfiguration From(NewBotModel.InputModel input, string userId)
    {
        var template = DefaultConfiguration.Template;
        var configurations = template.Configurations;
        var llm = configurations.LlmProviderConfig;
        var isSandbox = ProviderNames.TryResolveChat(input.ChatProvider, out var chat) && chat == ChatProviderKind.Sandbox;
        var isFake = ProviderNames.TryResolveLlm(input.LlmProvider, out var kind) && kind == LlmProviderKind.Fake;
        return template with
        {
            UserId = userId,
            Configurations = configurations with
            {
                UserDetails = configurations.UserDetails with
                {
                    FirstName = input.FirstName?.Trim() ?? "",
                    LastName = input.LastName?.Trim() ?? "",
                    Timezone = input.Timezone?.Trim() ?? "",
                    LanguageCode = input.Language?.Trim() ?? "",
                },
                ChatProviderConfig = configurations.ChatProviderConfig with { ProviderName = ChatProviderName(input.ChatProvider) },
                // The fake provider needs no model, server or key: the OpenAI fields are left at the template's.
                LlmProviderConfig = llm with
                {
                    ProviderName = LlmProviderName(input.LlmProvider),
                    ProviderConfig = isFake ? llm.ProviderConfig : llm.ProviderConfig with
                    {
                        Model = input.Model?.Trim() ?? "",
                        BaseUrl = string.IsNullOrWhiteSpace(input.BaseUrl) ? null : input.BaseUrl.Trim(),
                        ApiKeySource = input.KeySource == Explicit ? ApiKeySource.Explicit : ApiKeySource.Environment,
                        ApiKey = input.KeySource == Explicit && !string.IsNullOrWhiteSpace(input.ApiKey) ? input.ApiKey.Trim() : null,
                    },
                },
            },
            // A sandbox bot answers its one sandbox contact at once, which is what trying it means. A WhatsApp bot
            // stays the template's, answering nobody, until its owner chooses whom it may answer in their name.
            Features = isSandbox
                ? template.Features with
                {
                    AutomaticBotReply = template.Features.AutomaticBotReply with { Enabled = true, RespondToWhitelist = [SandboxContact] },
                }
                : template.Features,
        };
    }

    // A choice the form did not offer is passed on as sent, so the validator names it beside its field.
    private static string ChatProviderName(string? choice) =>
        ProviderNames.TryResolveChat(choice, out var kind) ? ProviderNames.Canonical(kind) : choice ?? "";

    private static string LlmProviderName(string? choice) =>
        ProviderNames.TryResolveLlm(choice, out var kind) ? ProviderNames.Canonical(kind) : choice ?? "";
}
