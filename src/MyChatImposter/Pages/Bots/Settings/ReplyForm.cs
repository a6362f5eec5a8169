namespace MyChatImposter.Pages.Bots.Settings;

// Automatic reply: on or off, and who the bot answers: the contact whitelist and the group whitelist as
// rows, each with its own reply mode or the bot's (reply_modes holds only the entries given one). Blank
// rows are dropped; entries are saved trimmed, as the whitelist compares them.
public sealed class ReplyForm : ISettingsForm<ReplyForm>, IRowLists
{
    public const string ContactsList = "contacts";
    public const string GroupsList = "groups";

    private const string Reply = "features.automatic_bot_reply";

    public bool Enabled { get; set; }

    public List<EntryRow> Contacts { get; set; } = [];

    public List<EntryRow> Groups { get; set; } = [];

    public sealed class EntryRow
    {
        public string? Entry { get; set; }

        // Null or empty: the bot's reply mode.
        public ReplyMode? Mode { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Entry);
    }

    public static ReplyForm FromDocument(UserConfiguration configuration)
    {
        var reply = configuration.Features.AutomaticBotReply;
        return new ReplyForm
        {
            Enabled = reply.Enabled,
            Contacts = Rows(reply.RespondToWhitelist, reply.ReplyModes),
            Groups = Rows(reply.RespondToWhitelistGroup, reply.ReplyModes),
        };
    }

    public UserConfiguration ApplyTo(UserConfiguration stored)
    {
        var filled = Contacts.Concat(Groups).Where(row => !row.IsBlank).ToList();
        var modes = new Dictionary<string, ReplyMode>(StringComparer.Ordinal);
        foreach (var row in filled.Where(row => row.Mode is not null))
        {
            modes.TryAdd(row.Entry!.Trim(), row.Mode!.Value);
        }
        return stored with
        {
            Features = stored.Features with
            {
                AutomaticBotReply = stored.Features.AutomaticBotReply with
                {
                    Enabled = Enabled,
                    RespondToWhitelist = Entries(Contacts),
                    RespondToWhitelistGroup = Entries(Groups),
                    ReplyModes = modes,
                },
            },
        };
    }

    public DocumentFields Fields(string prefix) => new DocumentFields(prefix)
        .Field($"{Reply}.respond_to_whitelist", nameof(Contacts))
        .Field($"{Reply}.respond_to_whitelist_group", nameof(Groups))
        .Items($"{Reply}.respond_to_whitelist", (index, _) => RowField(nameof(Contacts), Contacts, index))
        .Items($"{Reply}.respond_to_whitelist_group", (index, _) => RowField(nameof(Groups), Groups, index))
        .Field($"{Reply}.enabled", nameof(Enabled));

    public bool Edit(RowEdit edit, string? picked) => edit.List switch
    {
        ContactsList => Apply(edit, Contacts, picked),
        GroupsList => Apply(edit, Groups, picked),
        _ => false,
    };

    public void EndListsWithBlankRows()
    {
        EndWithBlank(Contacts);
        EndWithBlank(Groups);
    }

    private static bool Apply(RowEdit edit, List<EntryRow> rows, string? picked) =>
        edit.ApplyTo(rows, row => row.IsBlank, () => new EntryRow(),
            string.IsNullOrWhiteSpace(picked) ? null : () => new EntryRow { Entry = picked.Trim() });

    private static void EndWithBlank(List<EntryRow> rows)
    {
        if (rows.Count == 0 || !rows[^1].IsBlank)
        {
            rows.Add(new EntryRow());
        }
    }

    private static string? RowField(string list, List<EntryRow> rows, int index) =>
        FilledRows.RowOf(rows, row => row.IsBlank, index) is { } row ? $"{list}[{row}].{nameof(EntryRow.Entry)}" : list;

    private static List<EntryRow> Rows(IReadOnlyList<string> entries, IReadOnlyDictionary<string, ReplyMode> modes) =>
        [.. entries.Select(entry => new EntryRow { Entry = entry, Mode = modes.TryGetValue(entry.Trim(), out var mode) ? mode : null })];

    private static List<string> Entries(List<EntryRow> rows) => [.. rows.Where(row => !row.IsBlank).Select(row => row.Entry!.Trim())];
}
