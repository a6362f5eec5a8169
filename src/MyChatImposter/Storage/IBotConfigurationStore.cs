namespace MyChatImposter.Storage;

// The bot configurations, one document per user_id, stored normalised (defaults filled in).
public interface IBotConfigurationStore
{
    // Every stored user id, in ordinal order.
    Task<IReadOnlyList<string>> ListUserIdsAsync(CancellationToken cancellationToken);

    Task<UserConfiguration?> GetAsync(string userId, CancellationToken cancellationToken);

    // Inserts or replaces the document of configuration.UserId; true when it did not exist before.
    Task<bool> SaveAsync(UserConfiguration configuration, CancellationToken cancellationToken);

    // True when a document was deleted.
    Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken);
}
