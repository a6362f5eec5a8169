namespace MyChatImposter.Live;

// The pages that follow a bot live, and the events each shows.
public enum LivePage
{
    // The dashboard (GET /events): status, queue depths and LLM health of every bot the user may see.
    Dashboard,
    Details,
    Delivery,
    Chat,
    // While its stream is open the bot's provider is told someone looks at the QR (spec/09 §7).
    Link,
}

public static class LivePages
{
    public static bool TryParse(string? name, out LivePage page) => name switch
    {
        "details" => Is(LivePage.Details, out page),
        "delivery" => Is(LivePage.Delivery, out page),
        "chat" => Is(LivePage.Chat, out page),
        "link" => Is(LivePage.Link, out page),
        _ => Is(LivePage.Dashboard, out page) && false,
    };

    public static bool Shows(this LivePage page, LiveEvent change) => (page, change) switch
    {
        (LivePage.Chat, SandboxMessage) => true,
        (LivePage.Chat, _) => false,
        (LivePage.Link, SessionStatusChanged) => true,
        (LivePage.Link, _) => false,
        (LivePage.Details, SessionStatusChanged or LlmHealthChanged) => true,
        // The delivery page says whether the bot is connected (its items wait in holding otherwise).
        (LivePage.Delivery, SessionStatusChanged or DeliveryChanged) => true,
        (LivePage.Dashboard, SessionStatusChanged or DeliveryChanged or LlmHealthChanged) => true,
        _ => false,
    };

    private static bool Is(LivePage value, out LivePage page)
    {
        page = value;
        return true;
    }
}
