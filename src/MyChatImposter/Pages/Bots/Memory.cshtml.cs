namespace MyChatImposter.Pages.Bots;

// What a bot remembers of its conversations (the context its replies are prompted with), and forgetting
// it behind a confirmation step. Clearing goes through BotMemory, as the API does, so a running bot forgets too.
public sealed class MemoryModel(BotMemory memory) : BotPageModel
{
    public AutomaticBotReplyConfig Settings { get; private set; } = new();

    public bool Shared { get; private set; }

    public bool Answering { get; private set; }

    public IReadOnlyDictionary<string, IReadOnlyList<ContextEntry>> Histories { get; private set; } =
        new Dictionary<string, IReadOnlyList<ContextEntry>>();

    public bool Confirm { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, string? confirm, CancellationToken cancellationToken)
    {
        Settings = Configuration.Features.AutomaticBotReply;
        Shared = Configuration.Configurations.ContextConfig.SharedContext;
        Answering = memory.IsAnswering(userId);
        Histories = await memory.ReadAsync(userId, cancellationToken);
        Confirm = confirm == "clear" && Histories.Count > 0;
        return Page();
    }

    public async Task<IActionResult> OnPostClearAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var forgotten = await memory.ClearAsync(userId, cancellationToken);
        TempData["Message"] = forgotten > 0
            ? $"{userId} forgot {forgotten} conversation history(s)."
            : $"Nothing to forget: {userId} remembers no conversation.";
        return RedirectToPage();
    }
}
