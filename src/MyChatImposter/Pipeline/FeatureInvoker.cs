namespace MyChatImposter.Pipeline;

// Stage 4's work for one feature and one message: a feature's failure is dead-lettered and the next
// message goes on; cancellation at shutdown is not a failure.
public sealed class FeatureInvoker(DeadLetterRecorder deadLetters)
{
    public async Task InvokeAsync(IMessageFeature feature, PipelineMessage message, CancellationToken stopping)
    {
        try
        {
            await feature.HandleAsync(new FeatureMessage(message.Archived!, message.Window) { QuotedText = message.Inbound.QuotedText }, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await deadLetters.RecordAsync($"feature:{feature.Name}", message, error);
        }
    }
}
