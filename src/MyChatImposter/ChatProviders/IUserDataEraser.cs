namespace MyChatImposter.ChatProviders;

// One kind of per-user data that deleting a user removes (archive, dead letters, the linked session with
// what each chat provider kind keeps for it, delivery items, group-tracking periods). Each store
// that holds user data registers one, so the cascade is explicit and complete; a chat provider kind erases
// its own through IChatProviderKind.EraseUserAsync.
public interface IUserDataEraser
{
    string Name { get; }

    // How many EraseAsync would erase now, counted as it counts them: what the Delete page previews.
    Task<long> CountAsync(string userId, CancellationToken cancellationToken);

    Task<long> EraseAsync(string userId, CancellationToken cancellationToken);
}
