namespace MyChatImposter.AutoReply;

// Which entry let a message through, and the identifier it matched (logged at Debug, never the text).
public sealed record WhitelistMatch(string Entry, string Identifier);

// Who the bot answers (spec/04 §2). Direct messages are matched against everything known of the sender:
// the conversation's permanent id, the sender id, its alternates (phone JID, LID, device forms) and the
// display name. Group messages are matched against the group, never the member: in a whitelisted group every
// member is answered. An empty list never matches.
//
// An entry matches an identifier when it occurs in it, ignoring case (the original's substring match, which
// was case-sensitive), or when the entry is a phone number in any usual notation (+972 50-123-4567,
// 00972 50 1234567, (050) 123-4567) and a phone identifier ends with its digits. Substring matching is kept
// on purpose: "972501234567" matches its JID, and a partial name matches every name containing it.
public sealed class ReplyWhitelist(IReadOnlyList<string> directEntries, IReadOnlyList<string> groupEntries)
{
    private readonly Entry[] _direct = Prepare(directEntries);
    private readonly Entry[] _groups = Prepare(groupEntries);

    public static ReplyWhitelist From(AutomaticBotReplyConfig settings) =>
        new(settings.RespondToWhitelist, settings.RespondToWhitelistGroup);

    // The first entry (in configuration order) matching one of the message's identifiers, or null.
    public WhitelistMatch? Find(ArchivedMessage message) =>
        message.Group is { } group
            ? FindGroup(group)
            : FirstMatch(_direct, [message.CorrespondentId, message.Sender.Identifier,
                .. message.Sender.AlternateIdentifiers, message.Sender.DisplayName ?? ""]);

    // The entry covering a conversation by its own identifiers only, for a message the owner sent in it: the
    // sender there is the owner, whose names must not match a contact's entry.
    public WhitelistMatch? FindConversation(ArchivedMessage message) =>
        message.Group is { } group
            ? FindGroup(group)
            : FirstMatch(_direct, [message.CorrespondentId]);

    // The group entry covering a group, whether or not a message of it was seen (the settings page asks
    // about the live session's groups).
    public WhitelistMatch? FindGroup(ChatGroup group) =>
        FirstMatch(_groups, [group.Id, group.Name ?? group.Id, .. group.AlternateIdentifiers]);

    private static WhitelistMatch? FirstMatch(Entry[] entries, string[] identifiers)
    {
        foreach (var entry in entries)
        {
            foreach (var identifier in identifiers)
            {
                if (identifier.Length > 0 && entry.Matches(identifier))
                {
                    return new WhitelistMatch(entry.Text, identifier);
                }
            }
        }
        return null;
    }

    // Blank entries are skipped, as in the original; surrounding spaces are a typo, not part of a name.
    private static Entry[] Prepare(IReadOnlyList<string> entries) =>
        [.. entries.Select(entry => entry.Trim()).Where(entry => entry.Length > 0).Select(entry => new Entry(entry, PhoneNumber.Digits(entry)))];

    private sealed record Entry(string Text, string? PhoneDigits)
    {
        public bool Matches(string identifier) =>
            identifier.Contains(Text, StringComparison.OrdinalIgnoreCase)
            || (PhoneDigits is not null && PhoneNumber.IdentifierDigits(identifier) is { } digits
                && digits.EndsWith(PhoneDigits, StringComparison.Ordinal));
    }
}

// Phone numbers as people write them and as WhatsApp identifies them.
public static class PhoneNumber
{
    // Fewer digits than this is not taken for a phone number (a short entry still matches as a substring).
    public const int MinimumDigits = 7;

    private static readonly string[] PhoneDomains = ["@s.whatsapp.net", "@c.us"];

    // The digits of text written as a phone number (+, spaces, dashes, dots, parentheses allowed), without
    // the leading zeros of a trunk (0…) or international (00…) prefix; null when the text is no phone number.
    public static string? Digits(string text)
    {
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var character in text)
        {
            if (char.IsAsciiDigit(character))
            {
                digits.Append(character);
            }
            else if (character is not ('+' or ' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }
        var significant = digits.ToString().TrimStart('0');
        return significant.Length >= MinimumDigits ? significant : null;
    }

    // The phone digits of an identifier: a phone JID (972501234567@s.whatsapp.net, or its device form
    // 972501234567:12@s.whatsapp.net) or a number written as text. LIDs (…@lid) and group JIDs are opaque
    // ids, not phone numbers, so they have none.
    public static string? IdentifierDigits(string identifier)
    {
        var at = identifier.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return Digits(identifier);
        }
        if (!PhoneDomains.Any(domain => identifier.EndsWith(domain, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var user = identifier[..at];
        var device = user.IndexOf(':', StringComparison.Ordinal);
        return Digits(device < 0 ? user : user[..device]);
    }
}
