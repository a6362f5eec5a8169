namespace MyChatImposter.ChatProviders.Sandbox;

// The sandbox as a chat provider kind: one SandboxProvider per linked user over the shared world, whose
// memory of a deleted user goes with them.
public sealed class SandboxProviderKind(SandboxWorld world, IOptions<SandboxOptions> options, TimeProvider time) : IChatProviderKind
{
    public IChatProvider Create(string userId, ChatProviderSettings settings) =>
        new SandboxProvider(userId, world, settings, options.Value, time);

    public Task EraseUserAsync(string userId, CancellationToken cancellationToken)
    {
        world.Forget(userId);
        return Task.CompletedTask;
    }
}
