using System.Threading.Tasks.Dataflow;

namespace MyChatImposter.Pipeline;

// One user's inbound pipeline, built in the order a message travels:
//
//   screen ─▶ batch ─▶ archive ─▶ windows ─▶ fan-out ─▶ one lane per (feature, correspondent group) ─▶ feature
//      └─ replays: dropped          └─ bot echoes: archived, never handed on
//
// Every block is bounded and every link propagates completion; producers await SendAsync, so a full
// pipeline slows its provider instead of dropping. Users never share a block.
//
// The blocks are built by the first message, and each lane by the first message it carries: a linked bot
// that has received nothing holds no block (each costs 2–4 KB, and a host keeps thousands of idle bots).
public sealed class UserPipeline(
    MessageScreen screen, ArchiveWriter archiveWriter, CorrespondentWindows windows, FeatureInvoker featureInvoker,
    DeadLetterRecorder deadLetters, IReadOnlyList<IMessageFeature> features, PipelineMetrics metrics, PipelineOptions options)
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Blocks? _blocks;
    // Set by the first drain: what it waits for (the blocks' completion, or only the features' when none were built).
    private Task? _completion;

    private sealed record Blocks(ITargetBlock<PipelineMessage> Head, ActionBlock<PipelineMessage>?[][] Lanes, Task Completion);

    // Whether a message has built the blocks yet, and how many feature lanes messages have opened.
    public bool HasBlocks => Volatile.Read(ref _blocks) is not null;

    public int OpenLanes => Volatile.Read(ref _blocks)?.Lanes.Sum(featureLanes => featureLanes.Count(lane => lane is not null)) ?? 0;

    // Completes once the message is archived (or known as a replay); throws ArchiveUnavailableException
    // when it could not be archived, and PipelineClosedException once the pipeline is draining.
    public async Task<IngestOutcome> SubmitAsync(InboundMessage inbound, CancellationToken cancellationToken)
    {
        var head = Head() ?? throw new PipelineClosedException();
        var message = new PipelineMessage(inbound);
        metrics.Received.Add(1);
        if (!await head.SendAsync(message, cancellationToken))
        {
            throw new PipelineClosedException();
        }
        return await message.Acknowledgement.Task.WaitAsync(cancellationToken);
    }

    // Takes no more messages, lets every accepted one through every stage and every feature finish its own
    // work, then returns. Features still busy after the timeout are cancelled.
    public async Task DrainAsync(TimeSpan timeout)
    {
        Task completion;
        lock (_gate)
        {
            _blocks?.Head.Complete();
            completion = _completion ??= _blocks?.Completion ?? DrainFeaturesAsync();
        }
        try
        {
            await completion.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
            await completion.WaitAsync(timeout);
        }
    }

    // Null once draining has begun: a message then finds the head closed, as it would a completed block. Once
    // built, no lock: a drain completes the head, and SendAsync to it answers false.
    private ITargetBlock<PipelineMessage>? Head()
    {
        if (Volatile.Read(ref _blocks) is { } built)
        {
            return built.Head;
        }
        lock (_gate)
        {
            if (_completion is not null)
            {
                return null;
            }
            if (_blocks is null)
            {
                Volatile.Write(ref _blocks, Build());
            }
            return _blocks!.Head;
        }
    }

    private Blocks Build()
    {
        var stage = new ExecutionDataflowBlockOptions { BoundedCapacity = options.StageCapacity, SingleProducerConstrained = false };
        var link = new DataflowLinkOptions { PropagateCompletion = true };

        // 1. Screen: replays of archived messages stop here; the rest learn their source.
        var screening = new TransformBlock<PipelineMessage, PipelineMessage>(async message =>
        {
            try
            {
                message.Source = screen.Screen(message.Inbound);
                if (message.Source is null)
                {
                    metrics.Replays.Add(1);
                    message.Acknowledgement.TrySetResult(IngestOutcome.Duplicate);
                }
            }
            catch (Exception error)
            {
                message.Acknowledgement.TrySetException(error);
                await deadLetters.RecordAsync("screen", message, error);
            }
            return message;
        }, stage);

        // 2. Archive: a durable write, batched under load, before anything downstream sees the message.
        var batching = GreedyBatch.Create<PipelineMessage>(options.MaxArchiveBatch, options.StageCapacity);
        // One batch at a time: while it is written, the next one grows in the batching block. A larger
        // bound would let many one-message batches queue here, each paying a commit of its own.
        var archiving = new TransformManyBlock<PipelineMessage[], PipelineMessage>(
            async batch => await archiveWriter.WriteAsync(batch, CancellationToken.None),
            new ExecutionDataflowBlockOptions { BoundedCapacity = 1 });

        // 3. Windows: the correspondent's recent messages, within the configured limits.
        var windowing = new TransformBlock<PipelineMessage, PipelineMessage>(async message =>
        {
            try
            {
                message.Window = windows.Add(message.Archived!);
            }
            catch (Exception error)
            {
                await deadLetters.RecordAsync("windows", message, error);
            }
            return message;
        }, stage);

        // 4. Fan-out: every feature gets every person's message and the owner's own (a takeover, or an
        // instruction in the owner's chat), in order per correspondent, correspondents
        // spread over parallel lanes. SendAsync waits for room: a slow feature slows this user, never drops.
        // A lane is made by the first message it carries: a bot with few correspondents opens few of them.
        // Only this block touches the lanes until it completes (one message at a time), so no lock is needed.
        var lanes = features.Select(_ => new ActionBlock<PipelineMessage>?[options.FeatureLanes]).ToArray();
        var laneOptions = new ExecutionDataflowBlockOptions { BoundedCapacity = options.FeatureLaneCapacity };
        var fanningOut = new ActionBlock<PipelineMessage>(async message =>
        {
            var lane = (StringComparer.Ordinal.GetHashCode(message.Inbound.CorrespondentId) & int.MaxValue) % options.FeatureLanes;
            for (var index = 0; index < features.Count; index++)
            {
                var feature = features[index];
                var target = lanes[index][lane] ??= new ActionBlock<PipelineMessage>(
                    handed => featureInvoker.InvokeAsync(feature, handed, _stopping.Token), laneOptions);
                if (!await target.SendAsync(message))
                {
                    await deadLetters.RecordAsync("fan-out", message, new InvalidOperationException("The feature lane was closed."));
                }
            }
        }, stage);

        // Each fallback link carries the opposite predicate. An unconditional fallback would also take the
        // messages its sibling postponed while full (Dataflow offers a postponed message to the next link),
        // silently dropping them exactly when the pipeline is under pressure.
        static bool IsNew(PipelineMessage message) => message.Source is not null;
        static bool IsForFeatures(PipelineMessage message) =>
            (message.Source is MessageSource.User or MessageSource.UserOutgoing) && message.Window.Count > 0;
        screening.LinkTo(batching, link, IsNew);
        screening.LinkTo(DataflowBlock.NullTarget<PipelineMessage>(), message => !IsNew(message));
        batching.LinkTo(archiving, link);
        archiving.LinkTo(windowing, link);
        windowing.LinkTo(fanningOut, link, IsForFeatures);
        windowing.LinkTo(DataflowBlock.NullTarget<PipelineMessage>(), message => !IsForFeatures(message));

        return new Blocks(screening, lanes, CompleteAsync(fanningOut, lanes));
    }

    private async Task CompleteAsync(ActionBlock<PipelineMessage> fanningOut, ActionBlock<PipelineMessage>?[][] lanes)
    {
        try
        {
            await fanningOut.Completion;
        }
        finally
        {
            // The fan-out has completed: no lane is opened any more.
            var opened = lanes.SelectMany(featureLanes => featureLanes).OfType<ActionBlock<PipelineMessage>>().ToList();
            foreach (var lane in opened)
            {
                lane.Complete();
            }
            await Task.WhenAll(opened.Select(lane => lane.Completion));
            await DrainFeaturesAsync();
        }
    }

    // The features' own work, once no message is coming (auto-reply's turns in flight).
    private Task DrainFeaturesAsync() => Task.WhenAll(features.Select(DrainFeatureAsync));

    private async Task DrainFeatureAsync(IMessageFeature feature)
    {
        try
        {
            await feature.DrainAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }
}

public sealed class PipelineClosedException() : Exception("The session is stopping and takes no more messages.");
