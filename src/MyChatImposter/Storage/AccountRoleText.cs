namespace MyChatImposter.Storage;

// The role as both databases store it: "admin" or "user", the strings the original wrote.
public static class AccountRoleText
{
    public const string Admin = "admin";
    public const string User = "user";

    public static string Format(AccountRole role) => role switch
    {
        AccountRole.Admin => Admin,
        AccountRole.User => User,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown account role."),
    };

    // An unknown role is an error, not a regular user: guessing would hide a damaged or foreign record.
    public static AccountRole Parse(string text, string userId) => text switch
    {
        Admin => AccountRole.Admin,
        User => AccountRole.User,
        _ => throw new FormatException($"The account '{userId}' has the unknown role '{text}'."),
    };
}
