namespace MyChatImposter.Pipeline;

// Stage 2: numbers each message per correspondent and writes the batch to the archive in one go, before
// anything downstream sees it. Only then is the provider's submission acknowledged. A replay the archive
// already holds is acknowledged as a duplicate and goes no further. If the write fails, the whole batch is
// refused to its providers (so they can retry) and dead-lettered: nothing is passed on unarchived.
// Each archived message from a correspondent is then a message.received webhook event, recorded before the
// features see it; a bot without that subscription writes nothing more.
public sealed class ArchiveWriter(
    string userId, string providerName, IMessageArchive archive, MessageScreen screen, DeadLetterRecorder deadLetters,
    PipelineMetrics metrics, BotActivityRecorder activity, WebhookEvents webhooks, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _lastIds = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<PipelineMessage>> WriteAsync(IReadOnlyList<PipelineMessage> batch, CancellationToken cancellationToken)
    {
        var acceptedAt = time.GetUtcNow();
        var rows = new List<ArchivedMessage>(batch.Count);
        List<PipelineMessage> accepted;
        try
        {
            foreach (var message in batch)
            {
                var inbound = message.Inbound;
                var id = await NextIdAsync(inbound.CorrespondentId, cancellationToken);
                rows.Add(new ArchivedMessage(userId, providerName, inbound.CorrespondentId, id, inbound.ProviderMessageId,
                    inbound.Text, inbound.Sender, message.Source!.Value, acceptedAt, inbound.OriginatingTime, inbound.Group));
            }
            var written = await archive.AppendAsync(rows, cancellationToken);
            accepted = Acknowledge(batch, rows, written);
        }
        catch (Exception error)
        {
            // The numbers handed out for this batch are unknown to the archive now: count again from it.
            Forget(batch.Select(message => message.Inbound.CorrespondentId));
            foreach (var message in batch)
            {
                message.Acknowledgement.TrySetException(new ArchiveUnavailableException(error));
                await deadLetters.RecordAsync("archive", message, error);
            }
            return [];
        }
        foreach (var message in accepted)
        {
            if (message.Archived is { Source: MessageSource.User } row)
            {
                await webhooks.RecordAsync(userId, WebhookEventTypes.MessageReceived, new MessageReceivedData(row.CorrespondentId, row.Id,
                    row.ProviderMessageId, row.Content, row.Sender.DisplayName, row.OriginatingTime ?? row.AcceptedTime, row.Group is not null,
                    row.Group?.Id, row.Group?.Name), cancellationToken);
            }
        }
        return accepted;
    }

    // The archive of a correspondent (or all) was cleared: numbering restarts from what remains.
    public void Forget(IEnumerable<string>? correspondentIds = null)
    {
        lock (_gate)
        {
            if (correspondentIds is null)
            {
                _lastIds.Clear();
                return;
            }
            foreach (var correspondentId in correspondentIds)
            {
                _lastIds.Remove(correspondentId);
            }
        }
    }

    private List<PipelineMessage> Acknowledge(IReadOnlyList<PipelineMessage> batch, List<ArchivedMessage> rows, IReadOnlyList<bool> written)
    {
        var accepted = new List<PipelineMessage>(batch.Count);
        var replayedCorrespondents = new List<string>();
        var fromCorrespondents = 0;
        for (var index = 0; index < batch.Count; index++)
        {
            var message = batch[index];
            if (written[index])
            {
                message.Archived = rows[index];
                screen.Remember(rows[index]);
                message.Acknowledgement.TrySetResult(IngestOutcome.Archived);
                accepted.Add(message);
                if (rows[index].Source == MessageSource.User)
                {
                    fromCorrespondents++;
                }
            }
            else
            {
                replayedCorrespondents.Add(message.Inbound.CorrespondentId);
                message.Acknowledgement.TrySetResult(IngestOutcome.Duplicate);
            }
        }
        // A replay was given a number it did not use: re-reading the last id avoids a gap after it.
        Forget(replayedCorrespondents);
        metrics.Archived.Add(accepted.Count);
        metrics.Replays.Add(batch.Count - accepted.Count);
        metrics.ArchiveBatchSize.Record(batch.Count);
        activity.Received(userId, fromCorrespondents);
        return accepted;
    }

    private async Task<long> NextIdAsync(string correspondentId, CancellationToken cancellationToken)
    {
        long last;
        bool known;
        lock (_gate)
        {
            known = _lastIds.TryGetValue(correspondentId, out last);
        }
        if (!known)
        {
            last = await archive.LastIdAsync(userId, correspondentId, cancellationToken);
        }
        lock (_gate)
        {
            _lastIds[correspondentId] = last + 1;
        }
        return last + 1;
    }
}

public sealed class ArchiveUnavailableException(Exception inner)
    : Exception("The message could not be archived; it was not accepted. Retry later.", inner);
