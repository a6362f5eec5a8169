namespace MyChatImposter.ChatProviders;

// Whether a user's chat session should be running: written on link, cleared on unlink, so sessions that
// were linked come back by themselves when the host restarts.
public sealed record ChatSessionRecord(string UserId, string ProviderName, DateTimeOffset LinkedAt);
