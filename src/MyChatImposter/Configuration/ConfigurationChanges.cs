namespace MyChatImposter.Configuration;

// Tells whoever follows bots' configurations that one was saved (group tracking applies a changed schedule
// without a reload). Raised after the store has it.
public sealed class ConfigurationChanges
{
    public event Action<string>? Saved;

    public void Notify(string userId) => Saved?.Invoke(userId);
}
