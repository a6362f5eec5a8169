namespace MyChatImposter.Pages.Bots.Settings;

public sealed class ReplyModel(ChatSessions sessions, SettingsSaver saver, SeenCorrespondents seen)
    : SettingsPageModel<ReplyForm>(sessions, saver)
{
    public override string Section => SettingsNav.Reply;

    public SeenCorrespondents.Listing Seen { get; private set; } = new([], []);

    protected override async Task PrepareAsync(CancellationToken cancellationToken) =>
        Seen = await seen.ListAsync(UserId, cancellationToken);

    public EntryList ContactList => new(ReplyForm.ContactsList, nameof(ReplyForm.Contacts), "Contacts the bot answers", "Contact",
        Input.Contacts, IsGroup: false, Seen, Configuration.Features.AutomaticBotReply.ReplyMode);

    public EntryList GroupList => new(ReplyForm.GroupsList, nameof(ReplyForm.Groups), "Groups the bot answers in", "Group",
        Input.Groups, IsGroup: true, Seen, Configuration.Features.AutomaticBotReply.ReplyMode);
}

// One whitelist as _EntryRows shows it.
public sealed record EntryList(
    string Key, string Field, string Legend, string RowLabel, List<ReplyForm.EntryRow> Rows, bool IsGroup,
    SeenCorrespondents.Listing Seen, ReplyMode BotMode)
{
    public IReadOnlyList<SeenCorrespondents.Seen> Choices => IsGroup ? Seen.Groups : Seen.Contacts;

    public string Matches(string? entry) => SeenCorrespondents.Describe(entry, IsGroup, Seen);
}
