using System.Threading.Tasks.Dataflow;

namespace MyChatImposter.Pipeline;

// A batching block that never waits for a batch to fill (BatchBlock does): as soon as the next stage can
// take a batch it gets everything queued, up to maxBatch. Idle, a message travels alone and at once; under
// load, batches grow while the previous write runs, which is what makes archive writes cheap per message.
public static class GreedyBatch
{
    public static IPropagatorBlock<T, T[]> Create<T>(int maxBatch, int capacity)
    {
        var input = new BufferBlock<T>(new DataflowBlockOptions { BoundedCapacity = capacity });
        var output = new BufferBlock<T[]>(new DataflowBlockOptions { BoundedCapacity = 1 });
        _ = PumpAsync(input, output, maxBatch);
        return DataflowBlock.Encapsulate(input, output);
    }

    private static async Task PumpAsync<T>(BufferBlock<T> input, BufferBlock<T[]> output, int maxBatch)
    {
        try
        {
            while (await input.OutputAvailableAsync().ConfigureAwait(false))
            {
                var batch = new List<T>(Math.Min(maxBatch, input.Count));
                while (batch.Count < maxBatch && input.TryReceive(out var item))
                {
                    batch.Add(item);
                }
                if (batch.Count > 0 && !await output.SendAsync(batch.ToArray()).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The next stage stopped accepting batches.");
                }
            }
            await input.Completion.ConfigureAwait(false);
            output.Complete();
        }
        catch (Exception error)
        {
            ((IDataflowBlock)output).Fault(error);
        }
    }
}
