namespace MyChatImposter.Pipeline;

// A user's records are all their archived messages (erased with the user).
public interface IMessageArchive : IUserRecords
{
    // Writes the batch durably (one transaction where the database has them). A message whose
    // (UserId, CorrespondentId, ProviderMessageId) is already archived is a duplicate: it is not written
    // again and its slot in the result is false. The result has one entry per input, in input order.
    Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<ArchivedMessage> messages, CancellationToken cancellationToken);

    // The highest Id archived for (user, correspondent), or 0: one numbering per conversation, whichever
    // provider carried its messages, so paging a conversation by Id never interleaves two sequences.
    Task<long> LastIdAsync(string userId, string correspondentId, CancellationToken cancellationToken);

    // Every correspondent of the user that has archived messages, ordinal order.
    Task<IReadOnlyList<string>> CorrespondentsAsync(string userId, CancellationToken cancellationToken);

    // A page of one correspondent's messages in Id order: Id > afterId, at most limit (1..1000).
    Task<IReadOnlyList<ArchivedMessage>> ReadAsync(
        string userId, string correspondentId, long afterId, int limit, CancellationToken cancellationToken);

    // A page of one correspondent's messages whose time (OriginatingTime, or AcceptedTime when it has none)
    // lies in (fromExclusive, toInclusive], in Id order: Id > afterId, at most limit (1..1000). Group
    // tracking reads a period's messages with it, so a message belongs to exactly one of adjacent windows.
    Task<IReadOnlyList<ArchivedMessage>> ReadWindowAsync(
        string userId, string correspondentId, DateTimeOffset fromExclusive, DateTimeOffset toInclusive, long afterId,
        int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, string? correspondentId, CancellationToken cancellationToken);

    // Deletes the user's messages (of one correspondent, or all when null); returns how many.
    Task<long> DeleteAsync(string userId, string? correspondentId, CancellationToken cancellationToken);

    Task<long> IUserRecords.CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        CountAsync(userId, correspondentId: null, cancellationToken);

    Task<long> IUserRecords.DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        DeleteAsync(userId, correspondentId: null, cancellationToken);
}
