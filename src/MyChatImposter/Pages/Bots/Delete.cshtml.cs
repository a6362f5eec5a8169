namespace MyChatImposter.Pages.Bots;

// Deleting a bot is a confirmation step of its own: the GET lists what is erased, only the POST (with its
// antiforgery token) erases it. The login account of the same name goes too only when an administrator
// ticks the box; a regular user's own account is managed elsewhere.
public sealed class DeleteModel(
    ChatSessions sessions, IEnumerable<IUserDataEraser> erasers, IAccountStore accounts, BotLifecycle lifecycle) : BotPageModel
{
    // What each eraser's count is of, in words; an eraser not listed shows its name.
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["archived_messages"] = "archived message(s)",
        ["dead_letters"] = "dead letter(s)",
        ["linked_session"] = "linked session record(s), with what its chat provider keeps for the link (the sandbox's chat history and groups)",
        ["delivery_items"] = "outgoing message(s) in the delivery queue (waiting, failed and recently sent)",
        ["llm_interactions"] = "recorded LLM interaction(s)",
        ["auto_reply_context"] = "conversation history(ies) its automatic reply remembers",
        ["tracked_group_periods"] = "tracked group period(s), with how far each group's tracking has got",
        ["activity_hours"] = "hour(s) of activity counts behind its charts",
    };

    // One line per registered eraser, in the order deleting runs them: the preview is what deleting erases.
    public sealed record ErasureLine(string Name, string Description, long Count);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? LiveStatus { get; private set; }

    public IReadOnlyList<ErasureLine> Erasures { get; private set; } = [];

    public bool MayDeleteAccount { get; private set; }

    public bool IsCurrentUser { get; private set; }

    public sealed class InputModel
    {
        public bool DeleteAccount { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = UserId;
        LiveStatus = sessions.Get(userId)?.Status.Status;
        var erasures = new List<ErasureLine>();
        foreach (var eraser in erasers)
        {
            erasures.Add(new ErasureLine(
                eraser.Name, Descriptions.GetValueOrDefault(eraser.Name) ?? eraser.Name.Replace('_', ' '),
                await eraser.CountAsync(userId, cancellationToken)));
        }
        Erasures = erasures;
        MayDeleteAccount = User.IsAdmin() && await accounts.GetAsync(userId, cancellationToken) is not null;
        IsCurrentUser = userId == User.UserId();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var userId = UserId;
        // A regular user's form has no box; a forged field must not delete their account from here.
        var deleteAccount = Input.DeleteAccount && User.IsAdmin();
        var deletion = await lifecycle.DeleteAsync(userId, deleteAccount, User.UserId()!, cancellationToken);
        if (deletion.Outcome == SessionChange.NoConfiguration)
        {
            // Deleted by someone else since this request began.
            return Done($"Not found: there is no bot named '{userId}'.");
        }
        var erased = string.Join(", ", deletion.Erased
            .Where(pair => pair.Key != "login_account")
            .Select(pair => $"{pair.Key.Replace('_', ' ')}: {pair.Value}"));
        var account = deletion.Erased.GetValueOrDefault("login_account") switch
        {
            null => "",
            "1" => " The login account was deleted too.",
            var refused => $" The login account was kept ({refused}).",
        };
        return Done($"Bot {userId} deleted ({erased}).{account}");
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage("/Index");
    }
}
