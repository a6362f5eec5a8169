namespace MyChatImposter.GroupTracking;

// Runs each connected user's tracked groups on their schedules (spec/05 §1). A tracker follows the session:
// it starts when the account reports connected and stops on any other status, unlink, reload or delete, and
// its state (the end of the last processed period) is in the store, so a tracker that starts again catches
// up what it missed. It reads the stored configuration on every turn and is woken when it is saved, so a
// changed schedule applies without a reload.
public sealed partial class GroupTrackingScheduler(
    ChatSessions sessions, IBotConfigurationStore configurations, ConfigurationChanges changes, GroupTrackingRunner runner,
    TimeProvider time, IOptions<GroupTrackingOptions> options, ILogger<GroupTrackingScheduler> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, UserTracker> _trackers = new(StringComparer.Ordinal);

    // For tests: the tracker of a user has finished a turn (ran what was due) and is waiting.
    public event Action<string>? TurnCompleted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.StatusReported += OnStatus;
        sessions.SessionStopped += OnStopped;
        changes.Saved += OnSaved;
        foreach (var session in sessions.All.Where(session => session.Status.IsConnected))
        {
            Start(session.UserId);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.StatusReported -= OnStatus;
        sessions.SessionStopped -= OnStopped;
        changes.Saved -= OnSaved;
        await Task.WhenAll(_trackers.Keys.ToList().Select(StopAsync));
    }

    public bool IsTracking(string userId) => _trackers.ContainsKey(userId);

    private void OnStatus(ChatSession session, ChatStatus status)
    {
        if (status.IsConnected)
        {
            Start(session.UserId);
        }
        else
        {
            _ = StopAsync(session.UserId);
        }
    }

    private void OnStopped(ChatSession session) => _ = StopAsync(session.UserId);

    private void OnSaved(string userId)
    {
        if (_trackers.TryGetValue(userId, out var tracker))
        {
            tracker.Wake();
        }
    }

    private void Start(string userId)
    {
        var tracker = new UserTracker();
        if (_trackers.TryAdd(userId, tracker))
        {
            tracker.Run = Task.Run(() => TrackAsync(userId, tracker), CancellationToken.None);
        }
    }

    private async Task StopAsync(string userId)
    {
        if (_trackers.TryRemove(userId, out var tracker))
        {
            await tracker.Stop.CancelAsync();
            await tracker.Run;
            tracker.Stop.Dispose();
        }
    }

    // One user's turns: run every group whose period is due, then sleep until the next occurrence of any of
    // them (plus the start jitter that spreads many users' runs) or until the configuration is saved.
    private async Task TrackAsync(string userId, UserTracker tracker)
    {
        var stop = tracker.Stop.Token;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var wake = tracker.NextWake();
                var next = await TurnAsync(userId, stop);
                TurnCompleted?.Invoke(userId);
                var sleep = next is { } at
                    ? at - time.GetUtcNow() + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.Value.StartJitter.TotalMilliseconds)
                    : Timeout.InfiniteTimeSpan;
                var delay = sleep == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, stop)
                    : Task.Delay(sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep, time, stop);
                await Task.WhenAny(delay, wake);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            LogTrackerFailed(logger, userId, error);
        }
    }

    // Returns the next instant anything is due, or null when nothing is scheduled.
    private async Task<DateTimeOffset?> TurnAsync(string userId, CancellationToken stop)
    {
        var configuration = await configurations.GetAsync(userId, stop);
        var tracking = configuration?.Features.PeriodicGroupTracking;
        if (configuration is null || tracking is not { Enabled: true })
        {
            return null;
        }
        DateTimeOffset? next = null;
        // Two entries for one group: the last one wins, as in the original (one job per user and group id).
        foreach (var group in tracking.TrackedGroups.GroupBy(group => group.GroupIdentifier, StringComparer.Ordinal).Select(same => same.Last()))
        {
            GroupSchedule schedule;
            try
            {
                schedule = GroupSchedule.Parse(group.CronTrackingSchedule, configuration.Configurations.UserDetails.Timezone);
            }
            catch (FormatException invalid)
            {
                LogBadSchedule(logger, userId, group.GroupIdentifier, invalid.Message);
                continue;
            }
            try
            {
                var result = await runner.RunDueAsync(userId, configuration, group, stop);
                if (result.Failed is { } failed)
                {
                    LogGroupFailed(logger, userId, group.GroupIdentifier, failed.PeriodEnd);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // One group's failure (its store, its LLM) does not hold up the others; it is tried again next turn.
                LogGroupError(logger, userId, group.GroupIdentifier, error);
            }
            if (schedule.Next(time.GetUtcNow()) is { } occurrence && (next is null || occurrence < next))
            {
                next = occurrence;
            }
        }
        return next;
    }

    private sealed class UserTracker
    {
        private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Stop { get; } = new();

        public Task Run { get; set; } = Task.CompletedTask;

        // The signal for the coming sleep; a save during a turn wakes the sleep right after it.
        public Task NextWake()
        {
            var current = _wake;
            if (current.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
                return Volatile.Read(ref _wake).Task;
            }
            return current.Task;
        }

        public void Wake() => Volatile.Read(ref _wake).TrySetResult();
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Group tracking of {UserId}: the schedule of {GroupId} cannot be used ({Problem})")]
    private static partial void LogBadSchedule(ILogger logger, string userId, string groupId, string problem);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Group tracking of {UserId}: {GroupId} stopped at its period ending {PeriodEnd:O}, which failed")]
    private static partial void LogGroupFailed(ILogger logger, string userId, string groupId, DateTimeOffset periodEnd);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Group tracking of {UserId}: running {GroupId} failed")]
    private static partial void LogGroupError(ILogger logger, string userId, string groupId, Exception exception);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Error, Message = "Group tracking of {UserId} stopped unexpectedly")]
    private static partial void LogTrackerFailed(ILogger logger, string userId, Exception exception);
}
