namespace MyChatImposter.Pages.Bots.Settings;

// The contacts and groups a bot has seen, for the whitelist editors' pickers and for saying what each entry
// matches: every correspondent of the archive (a group by its id and subject, a contact by its id, number
// forms and name, from the first message they wrote), and the live session's groups when it is linked.
// Matching is the whitelist's own (ReplyWhitelist), so "matches Dana" means the bot would answer Dana.
public sealed class SeenCorrespondents(IMessageArchive archive, ChatSessions sessions)
{
    // Enough for a family's bot; a busier one still gets a picker, of its first correspondents.
    public const int MaxCorrespondents = 300;
    private const int MessagesReadForAName = 20;

    public sealed record Seen(string Id, string Name, bool IsGroup, ArchivedMessage? Sample, ChatGroup? Group);

    public sealed record Listing(IReadOnlyList<Seen> Contacts, IReadOnlyList<Seen> Groups);

    public async Task<Listing> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var contacts = new List<Seen>();
        var groups = new Dictionary<string, Seen>(StringComparer.Ordinal);
        foreach (var correspondentId in (await archive.CorrespondentsAsync(userId, cancellationToken)).Take(MaxCorrespondents))
        {
            var messages = await archive.ReadAsync(userId, correspondentId, 0, MessagesReadForAName, cancellationToken);
            if (messages.FirstOrDefault(message => message.Group is not null) is { Group: { } group } fromGroup)
            {
                groups[correspondentId] = new Seen(correspondentId, group.Name ?? correspondentId, true, fromGroup, group);
            }
            else if (messages.FirstOrDefault(message => message.Source == MessageSource.User) is { } fromContact)
            {
                contacts.Add(new Seen(correspondentId, fromContact.Sender.DisplayName ?? correspondentId, false, fromContact, null));
            }
        }
        if (sessions.Get(userId) is { } session)
        {
            foreach (var live in await session.Provider.ListGroupsAsync(cancellationToken))
            {
                groups.TryAdd(live.Id, new Seen(live.Id, live.Subject, true, null, new ChatGroup(live.Id, live.Subject, [])));
            }
        }
        return new Listing(
            [.. contacts.OrderBy(seen => seen.Name, StringComparer.CurrentCultureIgnoreCase)],
            [.. groups.Values.OrderBy(seen => seen.Name, StringComparer.CurrentCultureIgnoreCase)]);
    }

    // "matches Dana (1 conversation)", "matches Dana, Dan and 3 more (5 conversations)", "matches nothing seen yet".
    public static string Describe(string? entry, bool group, Listing listing)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return "";
        }
        var whitelist = group ? new ReplyWhitelist([], [entry]) : new ReplyWhitelist([entry], []);
        var matched = (group ? listing.Groups : listing.Contacts)
            .Where(seen => (seen.Group is { } chatGroup ? whitelist.FindGroup(chatGroup) : whitelist.Find(seen.Sample!)) is not null)
            .Select(seen => seen.Name)
            .ToList();
        if (matched.Count == 0)
        {
            return "matches nothing seen yet";
        }
        var names = matched.Count <= 3 ? Names(matched) : $"{string.Join(", ", matched.Take(2))} and {matched.Count - 2} more";
        return $"matches {names} ({matched.Count} conversation{(matched.Count == 1 ? "" : "s")})";
    }

    private static string Names(List<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
}
