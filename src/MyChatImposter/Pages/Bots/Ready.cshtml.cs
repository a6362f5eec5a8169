namespace MyChatImposter.Pages.Bots;

// Where the new-bot page leads: what was created and the one next step its chat provider needs, trying
// it in the sandbox (link, then the chat page writing as the contact a new sandbox bot answers) or linking
// WhatsApp (the link page, where the code to scan is shown).
public sealed class ReadyModel : BotPageModel
{
    public bool IsSandbox =>
        ProviderNames.TryResolveChat(Configuration.Configurations.ChatProviderConfig.ProviderName, out var kind)
        && kind == ChatProviderKind.Sandbox;

    // Where "Try it in the sandbox" lands once the bot is linked: the chat page, writing as that contact.
    public string SandboxChatUrl =>
        Url.Page("/Bots/Chat", new { user_id = UserId, correspondent = NewBotDocument.SandboxContact })!;

    public void OnGet()
    {
    }
}
