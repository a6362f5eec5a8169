namespace MyChatImposter.Pages.Bots;

// The colour of a status dot, as the original dashboard drew it: green when connected, orange while a
// link is under way, grey otherwise. wwwroot/js/live.js applies the same classes to live updates.
public static class StatusLook
{
    private static readonly HashSet<string> Pending =
        new(["linking", "connecting", "initializing", "got qr code", "waiting"], StringComparer.Ordinal);

    public static string CssClass(string status) =>
        status == "connected" ? "status-connected" : Pending.Contains(status) ? "status-pending" : "status-off";
}
