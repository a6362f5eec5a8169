namespace MyChatImposter.Activity;

// Each bot's activity per UTC hour (one row per bot and hour), written by BotActivityRecorder's flush and
// read for the activity charts.
public interface IBotActivityStore : IUserRecords
{
    // Adds each hour's counts to what is stored for that bot and hour (creating it when absent): counters
    // add up, queue peaks keep the higher. SQLite applies the batch in one transaction; MongoDB row by row,
    // so a failure part-way there may leave some rows added, which a retry of the batch counts again (the
    // charts are pictures of activity, not accounts).
    Task AddAsync(IReadOnlyCollection<BotActivityHour> hours, CancellationToken cancellationToken);

    // The bot's hours from `from` (inclusive) to `to` (exclusive), oldest first; hours without a row are absent.
    Task<IReadOnlyList<BotActivityHour>> ListAsync(string userId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    // Retention: every bot's hours that started before `before`.
    Task<long> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
