namespace MyChatImposter.ChatProviders;

// One kind of per-user data that deleting a user removes (archive, dead letters, the linked session with
// what each chat provider kind keeps for it, delivery items, and later group-tracking periods). Each store
// that holds user data registers one, so the cascade is explicit and complete; a chat provider kind erases
// its own through IChatProviderKind.EraseUserAsync.
public interface IUserDataEraser
{
    string Name { get; }

    Task<long> EraseAsync(string userId, CancellationToken cancellationToken);
}
