namespace MyChatImposter.OwnerControl;

// The owner took a conversation over: the bot stays quiet there from Since until Until (null: until the
// owner hands it back). By says how it started: owner_message (the owner wrote from their phone), self_chat
// (#bot off), site, api. DisplayName is the contact's name when known, for pages and #bot on <name>.
public sealed record Takeover(
    string UserId, string CorrespondentId, string? DisplayName, DateTimeOffset Since, DateTimeOffset? Until, string By)
{
    public bool IsActiveAt(DateTimeOffset now) => Until is null || Until > now;
}
