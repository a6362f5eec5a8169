namespace MyChatImposter.GroupTracking;

// What one run of one tracked group did: periods processed, digests queued, and the period that failed (if any).
public sealed record TrackingRunResult(int Periods, int Items, TrackedPeriod? Failed);

// Processes a tracked group's due periods, oldest first (spec/05 §2, without the original's losses):
//   read the period's messages from the archive → extract action items with the LLM → queue one calendar
//   document per item to the user's own chat → mark the period delivered and only then advance the group's
//   state. An extraction that keeps failing marks its period failed and stops there: nothing after it is
//   processed, the state stays, and the next run tries the same period again. Runs of one group never overlap.
public sealed partial class GroupTrackingRunner(
    ITrackedPeriodStore periods, IMessageArchive archive, IServiceProvider services, ActionItemExtractor extractor,
    IOptions<GroupTrackingOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<GroupTrackingRunner> logger)
{
    public const string Origin = "group_tracking";
    private const int ArchivePage = 1000;

    private readonly ConcurrentDictionary<(string, string), SemaphoreSlim> _groupLocks = new();
    private readonly SemaphoreSlim _periodsAtOnce = new(options.Value.MaxConcurrentPeriods, options.Value.MaxConcurrentPeriods);
    private readonly TrackingWindows _windows = new(options.Value);

    // The scheduled run: the periods due at `now` (missed occurrences caught up, each with its own digest).
    public Task<TrackingRunResult> RunDueAsync(string userId, UserConfiguration configuration, TrackedGroup group, CancellationToken cancellationToken) =>
        RunAsync(userId, configuration, group, runNow: false, cancellationToken);

    // Raised when a run started by StartRunNow ends: its result, or null when it failed unexpectedly.
    public event Action<string, string, TrackingRunResult?>? RunNowFinished;

    // "Run now" from the API, in the background (the request answers 202 at once); stops with the host.
    public void StartRunNow(string userId, UserConfiguration configuration, TrackedGroup group) =>
        _ = Task.Run(async () =>
        {
            TrackingRunResult? result = null;
            try
            {
                result = await RunNowAsync(userId, configuration, group, lifetime.ApplicationStopping);
            }
            catch (Exception error) when (error is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                LogRunNowFailed(logger, userId, group.GroupIdentifier, error);
            }
            catch (OperationCanceledException)
            {
            }
            RunNowFinished?.Invoke(userId, group.GroupIdentifier, result);
        }, CancellationToken.None);

    // "Run now": the due periods, then the part of the current period up to the present.
    public Task<TrackingRunResult> RunNowAsync(string userId, UserConfiguration configuration, TrackedGroup group, CancellationToken cancellationToken) =>
        RunAsync(userId, configuration, group, runNow: true, cancellationToken);

    private async Task<TrackingRunResult> RunAsync(
        string userId, UserConfiguration configuration, TrackedGroup group, bool runNow, CancellationToken cancellationToken)
    {
        var schedule = GroupSchedule.Parse(group.CronTrackingSchedule, configuration.Configurations.UserDetails.Timezone);
        var gate = _groupLocks.GetOrAdd((userId, group.GroupIdentifier), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var last = await periods.LastProcessedEndAsync(userId, group.GroupIdentifier, cancellationToken);
            var due = runNow ? _windows.RunNow(schedule, now, last) : _windows.Due(schedule, now, last);
            var items = 0;
            foreach (var period in due)
            {
                TrackedPeriod outcome;
                await _periodsAtOnce.WaitAsync(cancellationToken);
                try
                {
                    outcome = await ProcessAsync(userId, configuration, group, schedule, period, cancellationToken);
                }
                finally
                {
                    _periodsAtOnce.Release();
                }
                if (outcome.Status == PeriodStatus.Failed)
                {
                    return new(due.Count, items, outcome);
                }
                items += outcome.ItemCount;
            }
            return new(due.Count, items, null);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TrackedPeriod> ProcessAsync(
        string userId, UserConfiguration configuration, TrackedGroup group, GroupSchedule schedule, TrackingPeriod window,
        CancellationToken cancellationToken)
    {
        var previous = (await periods.ListAsync(userId, group.GroupIdentifier, 50, cancellationToken))
            .FirstOrDefault(stored => stored.PeriodEnd == window.End);
        var messages = await ReadMessagesAsync(userId, group.GroupIdentifier, window, cancellationToken);
        var now = time.GetUtcNow();
        var period = new TrackedPeriod(userId, group.GroupIdentifier, group.DisplayName, window.Start, window.End,
            PeriodStatus.Processing, messages.Count, 0, (previous?.Attempts ?? 0) + 1, null, previous?.CreatedAt ?? now, now);
        if (messages.Count == 0)
        {
            period = await periods.UpsertAsync(period with { Status = PeriodStatus.Empty }, cancellationToken);
            await periods.AdvanceAsync(userId, group.GroupIdentifier, window.End, cancellationToken);
            return period;
        }
        period = await periods.UpsertAsync(period, cancellationToken);

        var extraction = await extractor.ExtractAsync(userId, configuration, group, schedule.Zone, messages, cancellationToken);
        if (extraction.Items is not { } extracted)
        {
            LogExtractionFailed(logger, userId, group.GroupIdentifier, window.End, extraction.Problem);
            return await periods.UpsertAsync(period with
            {
                Status = PeriodStatus.Failed,
                LastError = extraction.Problem,
                UpdatedAt = time.GetUtcNow(),
            }, cancellationToken);
        }

        // Looked up here, as auto-reply does: the host starts without a delivery queue, and only this says so.
        var delivery = services.GetService<IDeliveryQueue>()
            ?? throw new InvalidOperationException("Group tracking needs the delivery queue, and this host has none.");
        var language = configuration.Configurations.UserDetails.LanguageCode;
        var context = new DigestCalendarContext(userId, group.GroupIdentifier, group.DisplayName, window.End,
            configuration.Configurations.UserDetails.Timezone, language);
        var calendars = DigestCalendar.BuildAll(extracted, context, time.GetUtcNow());
        for (var index = 0; index < extracted.Count; index++)
        {
            var calendar = calendars[index];
            await delivery.EnqueueAsync(new OutboundMessage(userId, OutboundMessage.SelfRecipient,
                new DocumentContent(calendar.Content, calendar.FileName, calendar.MediaType,
                    DigestCard.Caption(extracted[index], group.DisplayName, language)), Origin), cancellationToken);
        }
        // Only now, with every digest durably queued, does the group move on.
        period = await periods.UpsertAsync(period with
        {
            Status = PeriodStatus.Delivered,
            ItemCount = extracted.Count,
            LastError = null,
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
        await periods.AdvanceAsync(userId, group.GroupIdentifier, window.End, cancellationToken);
        LogDelivered(logger, userId, group.GroupIdentifier, window.End, messages.Count, extracted.Count);
        return period;
    }

    // Every archived message of the group in the period, in pages (no ceiling), oldest first by originating time.
    private async Task<List<ArchivedMessage>> ReadMessagesAsync(string userId, string groupId, TrackingPeriod window, CancellationToken cancellationToken)
    {
        var messages = new List<ArchivedMessage>();
        for (long after = 0; ;)
        {
            var page = await archive.ReadWindowAsync(userId, groupId, window.Start, window.End, after, ArchivePage, cancellationToken);
            messages.AddRange(page);
            if (page.Count < ArchivePage)
            {
                break;
            }
            after = page[^1].Id;
        }
        return [.. messages.OrderBy(message => message.OriginatingTime ?? message.AcceptedTime).ThenBy(message => message.Id)];
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Group tracking of {UserId}: period of {GroupId} ending {PeriodEnd:O} delivered ({Messages} messages, {Items} items)")]
    private static partial void LogDelivered(ILogger logger, string userId, string groupId, DateTimeOffset periodEnd, int messages, int items);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Group tracking of {UserId}: running {GroupId} now failed")]
    private static partial void LogRunNowFailed(ILogger logger, string userId, string groupId, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Group tracking of {UserId}: extraction for {GroupId} ending {PeriodEnd:O} failed ({Problem}); the period is retried on the next run")]
    private static partial void LogExtractionFailed(ILogger logger, string userId, string groupId, DateTimeOffset periodEnd, string? problem);
}
