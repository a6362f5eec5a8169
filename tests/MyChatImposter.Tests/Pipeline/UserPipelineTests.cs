using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

// The pipeline built directly (as a session builds it) over the real SQLite archive of a test host.
public sealed class UserPipelineTests : IAsyncDisposable
{
    private readonly ImposterApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private UserPipelineParts Build(IMessageFeature feature, string userId = "ann", QueueConfig? limits = null) =>
        _app.Service<UserPipelineFactory>().Create(userId, "dummy", limits ?? new QueueConfig(), [feature], new SentMessageRegistry(_app.Time));

    private sealed class ListFeature(Func<FeatureMessage, Task>? onMessage = null) : IMessageFeature
    {
        public List<FeatureMessage> Seen { get; } = [];

        public string Name => "list";

        public async Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken)
        {
            if (onMessage is not null)
            {
                await onMessage(message);
            }
            lock (Seen)
            {
                Seen.Add(message);
            }
        }
    }

    [Fact]
    public async Task Completing_the_head_and_awaiting_the_tail_delivers_every_accepted_message()
    {
        var feature = new ListFeature();
        var parts = Build(feature);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(index =>
            parts.Pipeline.SubmitAsync(TestMessages.Inbound($"c{index % 5}", $"m{index}"), CancellationToken.None)));
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.All(outcomes, outcome => Assert.Equal(IngestOutcome.Archived, outcome));
        Assert.Equal(50, feature.Seen.Count);
    }

    [Fact]
    public async Task Ten_thousand_messages_from_a_hundred_correspondents_are_all_archived_in_order()
    {
        var feature = new ListFeature();
        var parts = Build(feature);

        // One producer per correspondent, each sending its 100 messages in order, all at once.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async correspondent =>
        {
            for (var index = 0; index < 100; index++)
            {
                await parts.Pipeline.SubmitAsync(TestMessages.Inbound($"c{correspondent}", $"c{correspondent}-{index}", $"{index}"), CancellationToken.None);
            }
        }));
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(60));

        var archive = _app.Service<IMessageArchive>();
        Assert.Equal(10_000, await archive.CountAsync("ann", null, CancellationToken.None));
        foreach (var correspondent in new[] { "c0", "c42", "c99" })
        {
            var rows = await archive.ReadAsync("ann", correspondent, 0, 1000, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 100).Select(id => (long)id), rows.Select(row => row.Id));
            Assert.Equal(Enumerable.Range(0, 100).Select(index => $"{index}"), rows.Select(row => row.Content));
        }
        Assert.Equal(10_000, feature.Seen.Count);
        foreach (var byCorrespondent in feature.Seen.GroupBy(message => message.Message.CorrespondentId))
        {
            Assert.Equal(Enumerable.Range(1, 100).Select(id => (long)id), byCorrespondent.Select(message => message.Message.Id));
        }
    }

    [Fact]
    public async Task A_full_pipeline_holds_its_producers_back_and_drops_nothing()
    {
        await using var app = new ImposterApp(new Dictionary<string, string>
        {
            ["Pipeline:StageCapacity"] = "2",
            ["Pipeline:MaxArchiveBatch"] = "1",
            ["Pipeline:FeatureLanes"] = "1",
            ["Pipeline:FeatureLaneCapacity"] = "1",
        });
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var feature = new ListFeature(async _ =>
        {
            started.TrySetResult();
            await release.Task;
        });
        var parts = app.Service<UserPipelineFactory>().Create("ann", "dummy", new QueueConfig(), [feature], new SentMessageRegistry(app.Time));

        var submissions = Enumerable.Range(0, 200)
            .Select(index => parts.Pipeline.SubmitAsync(TestMessages.Inbound("alice", $"m{index}"), CancellationToken.None))
            .ToList();
        await started.Task;

        // The blocked feature fills a pipeline of a few messages' capacity: the rest wait, unacknowledged.
        Assert.Contains(submissions, submission => !submission.IsCompleted);

        release.SetResult();
        await Task.WhenAll(submissions);
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(1, 200).Select(id => (long)id), feature.Seen.Select(message => message.Message.Id));
    }

    [Fact]
    public async Task After_draining_the_pipeline_refuses_new_messages()
    {
        var parts = Build(new ListFeature());
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<PipelineClosedException>(() =>
            parts.Pipeline.SubmitAsync(TestMessages.Inbound("alice", "late"), CancellationToken.None));
    }

    [Fact]
    public async Task The_bots_own_echo_is_archived_but_never_reaches_features_while_the_owners_own_message_does()
    {
        var feature = new ListFeature();
        var sent = new SentMessageRegistry(_app.Time);
        var parts = _app.Service<UserPipelineFactory>().Create("ann", "dummy", new QueueConfig(), [feature], sent);
        sent.RecordSent("bot-1");

        await parts.Pipeline.SubmitAsync(TestMessages.Inbound("alice", "bot-1", "reply", MessageDirection.Outgoing), CancellationToken.None);
        await parts.Pipeline.SubmitAsync(TestMessages.Inbound("alice", "own-1", "typed on the phone", MessageDirection.Outgoing), CancellationToken.None);
        await parts.Pipeline.SubmitAsync(TestMessages.Inbound("alice", "in-1", "question"), CancellationToken.None);
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(5));

        var rows = await _app.Service<IMessageArchive>().ReadAsync("ann", "alice", 0, 10, CancellationToken.None);
        Assert.Equal([MessageSource.Bot, MessageSource.UserOutgoing, MessageSource.User], rows.Select(row => row.Source));
        // The owner's message is how auto-reply learns the owner took the conversation over.
        Assert.Equal(["own-1", "in-1"], feature.Seen.Select(seen => seen.Message.ProviderMessageId));
        Assert.Equal(MessageSource.UserOutgoing, feature.Seen[0].Message.Source);
        // The window is the conversation: the bot's and the owner's messages are in it.
        Assert.Equal(3, feature.Seen[1].Window.Count);
    }

    // Idle linked bots are the many: one that never received a message holds no block, and a message opens
    // only the lane its correspondent hashes to (Pipeline:FeatureLanes, 8 by default).
    [Fact]
    public async Task The_first_message_builds_the_blocks_and_opens_only_its_correspondents_lanes_keeping_their_order()
    {
        var feature = new ListFeature();
        var parts = Build(feature);
        Assert.False(parts.Pipeline.HasBlocks);
        Assert.Equal(0, parts.Pipeline.OpenLanes);

        string[] correspondents = ["alice", "bob", "carol"];
        await Task.WhenAll(correspondents.Select(async correspondent =>
        {
            for (var index = 0; index < 30; index++)
            {
                await parts.Pipeline.SubmitAsync(TestMessages.Inbound(correspondent, $"{correspondent}-{index}", $"{index}"), CancellationToken.None);
            }
        }));

        Assert.True(parts.Pipeline.HasBlocks);
        var lanes = new PipelineOptions().FeatureLanes;
        var expected = correspondents.Select(id => (StringComparer.Ordinal.GetHashCode(id) & int.MaxValue) % lanes).Distinct().Count();
        Assert.Equal(expected, parts.Pipeline.OpenLanes);
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(30));
        foreach (var correspondent in correspondents)
        {
            Assert.Equal(Enumerable.Range(0, 30).Select(index => $"{index}"),
                feature.Seen.Where(seen => seen.Message.CorrespondentId == correspondent).Select(seen => seen.Message.Content));
        }
    }

    [Fact]
    public async Task A_pipeline_that_never_had_a_message_still_drains_its_features_and_then_refuses_messages()
    {
        var feature = new DrainCountingFeature();
        var parts = Build(feature);

        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(5));
        await parts.Pipeline.DrainAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, feature.Drains);
        Assert.False(parts.Pipeline.HasBlocks);
        await Assert.ThrowsAsync<PipelineClosedException>(() =>
            parts.Pipeline.SubmitAsync(TestMessages.Inbound("alice", "late"), CancellationToken.None));
        Assert.False(parts.Pipeline.HasBlocks);
    }

    private sealed class DrainCountingFeature : IMessageFeature
    {
        public int Drains;

        public string Name => "drain-counting";

        public Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DrainAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Drains);
            return Task.CompletedTask;
        }
    }
}
