namespace MyChatImposter.Configuration;

// Error keys name fields the way the document does: "configurations.queue_config.max_messages",
// "features.periodic_group_tracking.tracked_groups[0].displayName". The document itself is "$".
internal static class DocumentPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        parent == Root ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    // System.Text.Json reports "$.a.b[0].c"; names it cannot print plainly come as "$['a b']".
    public static string FromJsonExceptionPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == Root)
        {
            return Root;
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }
}
