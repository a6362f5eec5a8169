using MyChatImposter.ChatProviders.Sandbox;

namespace MyChatImposter.Pages.Bots;

// Chatting with a bot linked to the sandbox: write as one of its correspondents (optionally in a group)
// and read the conversation as the archive holds it, with what the bot sent back. The forms work without
// script; wwwroot/js/chat.js sends through the sandbox API instead and appends messages as the page's live
// stream announces them.
//
// Two forms (a message, the group list) each bind only their own fields, so one form's errors never show
// in the other when the page is rendered again.
public sealed class ChatModel(SandboxChat sandbox, IMessageArchive archive) : BotPageModel
{
    public const int ConversationShown = 50;

    public MessageInput Input { get; set; } = new();

    public GroupListInput GroupList { get; set; } = new();

    public SandboxChatState State { get; private set; }

    public IReadOnlyList<SandboxGroup> Groups { get; private set; } = [];

    // The conversation shown: the group's when a group is chosen (group messages are filed under the
    // group, as the provider does), else the correspondent's.
    public string? ConversationId { get; private set; }

    public IReadOnlyList<ConversationEntry> Conversation { get; private set; } = [];

    // Where chat.js continues reading from.
    public long LastArchiveId { get; private set; }

    public long LastOutboundSeq { get; private set; }

    public sealed class MessageInput
    {
        [Display(Name = "Correspondent id")]
        public string? CorrespondentId { get; set; }

        [Display(Name = "Display name (optional)")]
        public string? DisplayName { get; set; }

        [Display(Name = "Group (optional)")]
        public string? GroupId { get; set; }

        [Display(Name = "Message")]
        public string? Text { get; set; }

        // The owner writing from their phone: to the correspondent (which takes the conversation over), or,
        // with correspondent "self", in their own chat (answers to drafts, #bot commands).
        [Display(Name = "As the owner")]
        public bool FromOwner { get; set; }
    }

    public sealed class GroupListInput
    {
        [Display(Name = "Groups: one per line, the id then the name")]
        public string? Text { get; set; }
    }

    public sealed record ConversationEntry(DateTimeOffset Time, string From, string Source, string Text, bool FromBot);

    public async Task OnGetAsync(
        [FromRoute(Name = "user_id")] string userId, string? correspondent, string? name, string? group, bool owner,
        CancellationToken cancellationToken)
    {
        Input = new MessageInput { CorrespondentId = correspondent, DisplayName = name, GroupId = group, FromOwner = owner };
        await LoadAsync(userId, cancellationToken);
    }

    public async Task<IActionResult> OnPostSendAsync(
        [FromRoute(Name = "user_id")] string userId, [Bind(Prefix = nameof(Input))] MessageInput input, CancellationToken cancellationToken)
    {
        var sent = await sandbox.SendAsync(userId, input.CorrespondentId, input.DisplayName, input.GroupId, input.Text, cancellationToken,
            input.FromOwner);
        if (sent.Accepted)
        {
            TempData["Message"] = sent.Duplicate ? $"Already archived: {sent.MessageId}." : $"Sent and archived ({sent.MessageId}).";
            // The text is done; who writes, and where, stays chosen for the next message.
            return RedirectToPage(new { correspondent = input.CorrespondentId, name = input.DisplayName, group = input.GroupId,
                owner = input.FromOwner ? "true" : null });
        }
        foreach (var (field, messages) in sent.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(InputField(field), message);
            }
        }
        if (sent.Problem is not null)
        {
            ModelState.AddModelError(string.Empty, sent.Problem);
        }
        Input = input;
        await LoadAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostGroupsAsync(
        [FromRoute(Name = "user_id")] string userId, [Bind(Prefix = nameof(GroupList))] GroupListInput groupList,
        CancellationToken cancellationToken)
    {
        var groups = ParseGroups(groupList.Text);
        var problems = sandbox.DefineGroups(userId, groups);
        if (problems.Count == 0)
        {
            TempData["Message"] = groups.Count == 1 ? "1 sandbox group defined." : $"{groups.Count} sandbox groups defined.";
            return RedirectToPage();
        }
        foreach (var problem in problems)
        {
            ModelState.AddModelError($"{nameof(GroupList)}.{nameof(GroupListInput.Text)}", problem);
        }
        GroupList = groupList;
        await LoadAsync(userId, cancellationToken);
        return Page();
    }

    // The sandbox API's field names, as SandboxChat reports them, to this page's fields.
    private static string InputField(string apiField) => apiField switch
    {
        "correspondent_id" => $"{nameof(Input)}.{nameof(MessageInput.CorrespondentId)}",
        "display_name" => $"{nameof(Input)}.{nameof(MessageInput.DisplayName)}",
        "group" => $"{nameof(Input)}.{nameof(MessageInput.GroupId)}",
        "text" => $"{nameof(Input)}.{nameof(MessageInput.Text)}",
        _ => string.Empty,
    };

    // "120363@g.us Parents" → id 120363@g.us, name "Parents"; a line with only an id names the group by it.
    private static List<SandboxGroup> ParseGroups(string? text) =>
        [.. (text ?? "").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return new SandboxGroup(parts[0], parts.Length > 1 ? parts[1] : parts[0]);
            })];

    private async Task LoadAsync(string userId, CancellationToken cancellationToken)
    {
        State = sandbox.StateOf(userId);
        if (State != SandboxChatState.Ready)
        {
            return;
        }
        Groups = sandbox.Groups(userId);
        if (ModelState.IsValid || string.IsNullOrEmpty(GroupList.Text))
        {
            GroupList.Text = string.Join("\n", Groups.Select(group => group.Name == group.Id ? group.Id : $"{group.Id} {group.Name}"));
        }
        var outbound = sandbox.Outbound(userId);
        LastOutboundSeq = outbound.Count > 0 ? outbound[^1].Seq : 0;
        ConversationId = !string.IsNullOrEmpty(Input.GroupId) ? Input.GroupId
            : !string.IsNullOrEmpty(Input.CorrespondentId) ? Input.CorrespondentId
            : null;
        if (ConversationId is null)
        {
            return;
        }

        // Archive ids run 1, 2, 3… per correspondent, so the latest page starts after count - page size.
        var count = await archive.CountAsync(userId, ConversationId, cancellationToken);
        var archived = await archive.ReadAsync(userId, ConversationId, Math.Max(0, count - ConversationShown), ConversationShown, cancellationToken);
        LastArchiveId = archived.Count > 0 ? archived[^1].Id : 0;
        var received = archived.Select(message => new ConversationEntry(message.AcceptedTime,
            message.Sender.DisplayName ?? message.Sender.Identifier, EnumNames<MessageSource>.Name(message.Source), message.Content,
            FromBot: message.Source != MessageSource.User));
        var replies = outbound.Where(message => message.Recipient == ConversationId).TakeLast(ConversationShown)
            .Select(message => new ConversationEntry(message.SentAt, userId, "bot reply",
                message.Text ?? $"[{message.Type} {message.FileName}] {message.Caption}".TrimEnd(), FromBot: true));
        // Stable: at equal times the archived message (the question) stays before the reply.
        Conversation = [.. received.Concat(replies).OrderBy(entry => entry.Time)];
    }
}
