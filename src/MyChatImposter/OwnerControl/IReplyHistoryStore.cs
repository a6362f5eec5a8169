namespace MyChatImposter.OwnerControl;

// Per conversation, what the bot drafted, sent, and what the owner did about it: append-only.
public interface IReplyHistoryStore : IUserRecords
{
    public const int MaxPage = 1_000;

    // Stores the event and returns it with its Id.
    Task<ReplyEvent> AddAsync(ReplyEvent replyEvent, CancellationToken cancellationToken);

    // Newest first (by Id); one conversation's when correspondentId is given; only ids below beforeId when it
    // is given; limit 1..MaxPage.
    Task<IReadOnlyList<ReplyEvent>> ListAsync(
        string userId, string? correspondentId, long? beforeId, int limit, CancellationToken cancellationToken);

    // Retention, every user's.
    Task<long> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
