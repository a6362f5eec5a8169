namespace MyChatImposter.Pages.Bots;

// Every page of one bot (/bots/{user_id}/...). Who may open it and which bot it shows are decided once for
// the folder (BotPageConventions), not on each page: the owner-or-admin policy reads the route's {user_id}, and
// BotPageFilter loads that bot before any handler runs, answering 404 when there is none. A page model
// therefore starts from a bot that exists and that the signed-in user may see.
public abstract class BotPageModel : PageModel
{
    public string UserId { get; private set; } = "";

    // The bot's stored configuration as it was when the request began (its key is the stored, encrypted one).
    public UserConfiguration Configuration { get; private set; } = null!;

    internal void Show(UserConfiguration configuration)
    {
        UserId = configuration.UserId;
        Configuration = configuration;
    }
}
