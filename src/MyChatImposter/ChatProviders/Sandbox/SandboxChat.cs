using MyChatImposter.Api;

namespace MyChatImposter.ChatProviders.Sandbox;

public enum SandboxChatState
{
    NoSession,
    // Linked, but to another provider (WhatsApp): there is nobody to write as.
    NotSandbox,
    Ready,
}

// The outcome of writing one message: its id, or the problems by the inbound API's field names
// (correspondent_id, display_name, group, text), or a problem of the session itself.
public sealed record SandboxSend(string? MessageId, bool Duplicate, IReadOnlyDictionary<string, string[]> Errors, string? Problem = null)
{
    public bool Accepted => MessageId is not null;
}

// The sandbox as the chat page uses it: write as a correspondent, read what the bot sent into one
// conversation, define the groups. The limits are the sandbox API's, so the page accepts what it accepts.
public sealed class SandboxChat(ChatSessions sessions, SandboxWorld world)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public SandboxChatState StateOf(string userId) => sessions.Get(userId) switch
    {
        null => SandboxChatState.NoSession,
        { Provider: SandboxProvider } => SandboxChatState.Ready,
        _ => SandboxChatState.NotSandbox,
    };

    public IReadOnlyList<SandboxGroup> Groups(string userId) => world.Groups(userId);

    // Everything the bot sent, oldest first; the chat page keeps one conversation's and the last sequence number.
    public IReadOnlyList<SandboxOutboundMessage> Outbound(string userId) => world.Outbound(userId, afterSeq: 0);

    // A group message belongs to the group's conversation, as the provider files it (InboundMessage.CorrespondentId).
    public async Task<SandboxSend> SendAsync(
        string userId, string? correspondentId, string? displayName, string? groupId, string? text, CancellationToken cancellationToken,
        bool fromOwner = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (IdProblem(correspondentId) is { } correspondentProblem)
        {
            errors["correspondent_id"] = [correspondentProblem];
        }
        else if (correspondentId == OutboundMessage.SelfRecipient && !fromOwner)
        {
            errors["correspondent_id"] = ["\"self\" is the owner's own chat: only the owner writes there (tick \"as the owner\")."];
        }
        if (displayName is { Length: > SandboxApi.MaxIdLength })
        {
            errors["display_name"] = [$"At most {SandboxApi.MaxIdLength} characters."];
        }
        if (string.IsNullOrEmpty(text))
        {
            errors["text"] = ["Write a message."];
        }
        else if (text.Length > SandboxApi.MaxTextLength)
        {
            errors["text"] = [$"At most {SandboxApi.MaxTextLength} characters."];
        }

        if (sessions.Get(userId)?.Provider is not SandboxProvider sandbox)
        {
            return new(null, false, errors, $"'{userId}' has no linked sandbox session; link it first.");
        }
        SandboxGroup? group = null;
        if (!string.IsNullOrEmpty(groupId))
        {
            group = world.Groups(userId).FirstOrDefault(candidate => candidate.Id == groupId);
            if (group is null)
            {
                errors["group"] = [$"There is no sandbox group '{groupId}'; define it below first."];
            }
            else if (!sandbox.AllowsGroupMessages)
            {
                errors["group"] = ["This bot's allow_group_messages is false, so group messages never reach it (as on WhatsApp)."];
            }
        }
        if (errors.Count > 0)
        {
            return new(null, false, errors);
        }

        try
        {
            var (messageId, outcome) = await sandbox.ReceiveAsync(
                new SandboxInbound(null, correspondentId!, string.IsNullOrEmpty(displayName) ? null : displayName, group, text!, fromOwner),
                cancellationToken);
            return new(messageId, outcome == IngestOutcome.Duplicate, NoErrors);
        }
        catch (Exception stopping) when (stopping is PipelineClosedException or PipelineStoppedException)
        {
            return new(null, false, NoErrors, "The session is stopping; link it again and resend.");
        }
        catch (ArchiveUnavailableException)
        {
            // Not accepted and not lost: the form still holds it.
            return new(null, false, NoErrors, "The archive could not store the message; send it again.");
        }
    }

    // Replaces the user's groups (the sandbox API's PUT); returns the problems, empty when they were set.
    public IReadOnlyList<string> DefineGroups(string userId, IReadOnlyList<SandboxGroup> groups)
    {
        var problems = new List<string>();
        if (groups.Count > SandboxApi.MaxGroups)
        {
            problems.Add($"At most {SandboxApi.MaxGroups} groups.");
        }
        for (var index = 0; index < groups.Count; index++)
        {
            if (IdProblem(groups[index].Id) is { } idProblem)
            {
                problems.Add($"Group {index + 1}: the id {idProblem}");
            }
            if (groups[index].Name.Length > SandboxApi.MaxIdLength)
            {
                problems.Add($"Group {index + 1}: the name has more than {SandboxApi.MaxIdLength} characters.");
            }
        }
        foreach (var duplicate in groups.GroupBy(group => group.Id, StringComparer.Ordinal).Where(same => same.Count() > 1))
        {
            problems.Add($"The group id '{duplicate.Key}' is used more than once.");
        }
        if (problems.Count == 0)
        {
            world.SetGroups(userId, groups);
        }
        return problems;
    }

    // The sandbox API's rule for ids (SandboxApi keeps its own copy, private to it).
    private static string? IdProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "is required."
        : id.Length > SandboxApi.MaxIdLength ? $"has more than {SandboxApi.MaxIdLength} characters."
        : id.Any(char.IsControl) ? "must not contain control characters."
        : null;
}
