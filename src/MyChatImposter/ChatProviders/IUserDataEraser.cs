namespace MyChatImposter.ChatProviders;

// One kind of per-user data that deleting a user removes (archive, dead letters, linked-session record,
// and later delivery items, group-tracking periods, bridge credentials). Each store that holds user data
// registers one, so the cascade is explicit and complete.
public interface IUserDataEraser
{
    string Name { get; }

    Task<long> EraseAsync(string userId, CancellationToken cancellationToken);
}
