namespace MyChatImposter.ChatProviders;

// A store whose records each belong to one user: deleting the user counts them (the Delete page's preview)
// and deletes them, all of them, in one call each (UserRecordsEraser).
public interface IUserRecords
{
    Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken);

    Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken);
}
