namespace MyChatImposter.Pipeline;

// A message a pipeline stage failed on: kept for the admin to see, with the error, so nothing fails silently.
public sealed record DeadLetter(
    string UserId,
    string Stage,
    string? CorrespondentId,
    string? ProviderMessageId,
    string Error,
    DateTimeOffset FailedAt)
{
    // Assigned by the store, increasing with insertion order.
    public string? Id { get; init; }
}
