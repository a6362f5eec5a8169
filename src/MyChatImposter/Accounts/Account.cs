namespace MyChatImposter.Accounts;

[JsonConverter(typeof(StrictEnumConverter<AccountRole>))]
public enum AccountRole
{
    [JsonStringEnumMemberName("user")] User,
    [JsonStringEnumMemberName("admin")] Admin,
}

// A login account. A regular user owns the bot configuration with the same user id; admins manage all.
public sealed record Account(
    string UserId,
    AccountRole Role,
    string PasswordHash,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
