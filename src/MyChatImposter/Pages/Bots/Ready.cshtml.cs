namespace MyChatImposter.Pages.Bots;

// Where the new-bot page leads: what was created and the one next step its chat provider needs, trying
// it in the sandbox (link, then the chat page writing as the contact the new bot answers) or linking
// WhatsApp (the link page, where the code to scan is shown).
[Authorize(Policy = ApiPolicies.OwnerOrAdmin)]
public sealed class ReadyModel(IBotConfigurationStore store) : PageModel
{
    public string UserId { get; private set; } = "";

    public UserConfiguration Configuration { get; private set; } = null!;

    public bool IsSandbox { get; private set; }

    // Where "Try it in the sandbox" lands once the bot is linked: the chat page, writing as its contact.
    public string SandboxChatUrl =>
        Url.Page("/Bots/Chat", new { user_id = UserId, correspondent = NewBotDocument.SandboxContact })!;

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var configuration = UserIdRule.IsValid(userId) ? await store.GetAsync(userId, cancellationToken) : null;
        if (configuration is null)
        {
            return NotFound();
        }
        UserId = userId;
        Configuration = configuration;
        IsSandbox = ProviderNames.TryResolveChat(configuration.Configurations.ChatProviderConfig.ProviderName, out var kind)
            && kind == ChatProviderKind.Sandbox;
        return Page();
    }
}
