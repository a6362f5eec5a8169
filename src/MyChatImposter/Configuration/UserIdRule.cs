using System.Text.RegularExpressions;

namespace MyChatImposter.Configuration;

// A user id travels in URLs, scheduler keys, bridge key prefixes and file names, so route values and
// login names follow the same rule as the configuration's user_id (ConfigurationLimits).
public static partial class UserIdRule
{
    public const string Description = "1-64 characters: letters, digits, '_' or '-'.";

    // Literal segments that route matching prefers over {user_id} (/api/external/users/schema, /bots/new):
    // a user with one of these ids could never be reached, so they are refused.
    public static readonly IReadOnlySet<string> Reserved =
        new HashSet<string>(["schema", "defaults", "status", "new"], StringComparer.OrdinalIgnoreCase);

    // \z, not $: "$" would also accept a trailing newline.
    [GeneratedRegex(@"\A[a-zA-Z0-9_-]{1,64}\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? userId) =>
        userId is not null && Pattern().IsMatch(userId) && !Reserved.Contains(userId);
}
