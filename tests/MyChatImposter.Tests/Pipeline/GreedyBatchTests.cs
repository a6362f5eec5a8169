using System.Threading.Tasks.Dataflow;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

public sealed class GreedyBatchTests
{
    [Fact]
    public async Task An_item_goes_alone_at_once_when_nothing_else_waits()
    {
        var batching = GreedyBatch.Create<int>(maxBatch: 10, capacity: 100);

        await batching.SendAsync(1, TestContext.Current.CancellationToken);

        var batch = await batching.ReceiveAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new[] { 1 }, batch);
    }

    [Fact]
    public async Task Items_queued_while_the_next_stage_is_busy_travel_together_up_to_the_maximum()
    {
        var batching = GreedyBatch.Create<int>(maxBatch: 4, capacity: 100);
        var release = new TaskCompletionSource();
        var received = new List<int[]>();
        var consumer = new ActionBlock<int[]>(async batch =>
        {
            received.Add(batch);
            await release.Task;
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = 1 });
        batching.LinkTo(consumer, new DataflowLinkOptions { PropagateCompletion = true });

        await batching.SendAsync(0);
        // The consumer holds batch [0]; the pump holds one batch waiting for it; the rest queue up.
        foreach (var item in Enumerable.Range(1, 10))
        {
            await batching.SendAsync(item);
        }
        release.SetResult();
        batching.Complete();
        await consumer.Completion;

        Assert.Equal(Enumerable.Range(0, 11), received.SelectMany(batch => batch));
        Assert.All(received, batch => Assert.InRange(batch.Length, 1, 4));
        Assert.True(received.Count < 11, "queued items were not batched");
    }

    [Fact]
    public async Task Completion_reaches_the_output_after_the_last_batch()
    {
        var batching = GreedyBatch.Create<int>(maxBatch: 10, capacity: 100);
        await batching.SendAsync(7);
        batching.Complete();

        var batch = await batching.ReceiveAsync();
        Assert.Equal(new[] { 7 }, batch);
        await batching.Completion;
    }
}
