namespace MyChatImposter.Storage;

// What both draft stores check and write the same way.
internal static class DraftStoreRules
{
    // DecidedBy of a draft the expiry sweep ended.
    public const string ExpiredBy = "expiry";

    // A decision ends a pending draft: "deciding" it pending would be a reopen.
    public static void CheckDecision(DraftDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.State == DraftState.Pending)
        {
            throw new ArgumentException("A decision moves a draft out of pending; use ReopenAsync to move one back.", nameof(decision));
        }
    }

    public static void CheckReopen(DraftState from)
    {
        if (from == DraftState.Pending)
        {
            throw new ArgumentException("Only a decided draft is reopened.", nameof(from));
        }
    }

    // The database refused the insert: the conversation has a pending draft already (the caller supersedes
    // it first), or the id is taken.
    public static InvalidOperationException OnAdd(Draft draft, Exception refusal) => new(
        $"Draft {draft.Id} was not stored: the conversation already has a pending draft, or a draft has this id.", refusal);
}
