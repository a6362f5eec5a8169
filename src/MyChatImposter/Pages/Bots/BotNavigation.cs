namespace MyChatImposter.Pages.Bots;

// The links between one bot's pages, drawn once by the layout (Shared/_BotNavigation.cshtml) above every
// bot page instead of each page keeping its own list. An entry is current on its own page and on the pages
// it stands for: Settings covers its sections (a prefix, ending in /), the AI form and the JSON editor.
public static class BotNavigation
{
    public sealed record Entry(string Id, string Label, string Page, params string[] AlsoCurrentOn)
    {
        public bool IsCurrent(string? page) =>
            page is not null && (page == Page
                || AlsoCurrentOn.Any(other => other.EndsWith('/') ? page.StartsWith(other, StringComparison.Ordinal) : page == other));
    }

    // The sandbox chat only for a sandbox bot, the QR link page only for a WhatsApp one: elsewhere they have
    // nothing to show.
    public static IReadOnlyList<Entry> For(ChatProviderKind? chat) =>
    [
        new("overview", "Overview", "/Bots/Details"),
        new("activity", "Activity", "/Bots/Activity"),
        new("settings", "Settings", "/Bots/Settings/General", "/Bots/Settings/", "/Bots/Ai", "/Bots/Edit"),
        .. chat == ChatProviderKind.Sandbox ? [new Entry("chat", "Chat", "/Bots/Chat")] : Array.Empty<Entry>(),
        .. chat == ChatProviderKind.WhatsApp ? [new Entry("link", "Link", "/Bots/Link")] : Array.Empty<Entry>(),
        new("archive", "Archive", "/Bots/Archive"),
        new("delivery", "Delivery", "/Bots/Delivery"),
        new("drafts", "Drafts", "/Bots/Drafts"),
        new("memory", "Memory", "/Bots/Memory"),
        new("tracking", "Tracking", "/Bots/Tracking"),
        new("llm-interactions", "LLM calls", "/Bots/LlmInteractions"),
        new("webhooks", "Webhooks", "/Bots/Webhooks"),
        new("delete", "Delete…", "/Bots/Delete"),
    ];
}
