using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.AutoReply;

public sealed class ReplyWhitelistTests
{
    private const string PhoneJid = "972501234567@s.whatsapp.net";
    private const string Lid = "118472993856789@lid";

    // A direct message as the WhatsApp adapter hands it over: the permanent phone JID as the conversation,
    // the raw sender (here a LID) with its alternates, which include the display name (spec/02 §3).
    private static ArchivedMessage Message(string? displayName = "Daniel Cohen", string sender = Lid, string correspondent = PhoneJid) =>
        new("ann", "whatsapp", correspondent, 1, "wa-1", "hi", new ChatParty(sender, displayName,
            [sender, $"{correspondent[..correspondent.IndexOf('@')]}:12@s.whatsapp.net", correspondent, .. displayName is null ? Array.Empty<string>() : [displayName]]),
            MessageSource.User, DateTimeOffset.UnixEpoch, null, null);

    private static ArchivedMessage InGroup(string groupId, string? groupName, string sender = PhoneJid) =>
        Message(sender: sender) with
        {
            CorrespondentId = groupId,
            Group = new ChatGroup(groupId, groupName, groupName is null ? [groupId] : [groupId, groupName]),
        };

    private static ReplyWhitelist DirectList(params string[] entries) => new(entries, []);

    private static ReplyWhitelist GroupList(params string[] entries) => new([], entries);

    [Theory]
    [InlineData("972501234567")]
    [InlineData("+972501234567")]
    [InlineData("+972 50-123-4567")]
    [InlineData("+972 (50) 123.4567")]
    [InlineData("00972 50 123 4567")]
    [InlineData("050-123-4567")]
    [InlineData(PhoneJid)]
    public void A_phone_number_in_any_usual_notation_matches_the_phone_jid(string entry)
    {
        var match = DirectList(entry).Find(Message());

        Assert.NotNull(match);
        Assert.Equal(entry, match.Entry);
    }

    [Fact]
    public void The_phone_jid_is_found_among_the_alternates_when_the_conversation_id_is_something_else()
    {
        // A sandbox-style conversation whose id is not the phone, the phone JID only among the alternates.
        var message = Message(correspondent: PhoneJid) with { CorrespondentId = "someone" };

        Assert.EndsWith("@s.whatsapp.net", DirectList("+972 50 123 4567").Find(message)?.Identifier);
    }

    [Theory]
    [InlineData("+972 50-123-4568")]
    [InlineData("+1 972 50-123-4567 9")]
    // The digits of a phone number in the middle of another are not that number.
    [InlineData("+9725012345")]
    public void Another_number_does_not_match(string entry) =>
        Assert.Null(DirectList(entry).Find(Message()));

    [Fact]
    public void A_lid_matches_by_itself_or_in_part_but_a_phone_number_never_matches_a_lids_digits()
    {
        Assert.Equal(Lid, DirectList(Lid).Find(Message())?.Identifier);
        Assert.Equal(Lid, DirectList("118472993856789").Find(Message())?.Identifier);
        Assert.Null(DirectList("+1 184 7299 3856").Find(Message(correspondent: "15550100@s.whatsapp.net")));
    }

    [Theory]
    [InlineData("Daniel Cohen")]
    [InlineData("daniel")]
    [InlineData("COHEN")]
    [InlineData("  Dan  ")]
    public void The_display_name_matches_as_a_substring_ignoring_case(string entry)
    {
        Assert.Equal("Daniel Cohen", DirectList(entry).Find(Message())?.Identifier);
    }

    [Fact]
    public void A_partial_name_matches_every_name_containing_it_as_the_original_did()
    {
        var whitelist = DirectList("Dan");

        Assert.NotNull(whitelist.Find(Message("Dana", sender: "1@lid", correspondent: "15550001@s.whatsapp.net")));
        Assert.NotNull(whitelist.Find(Message("Jordan", sender: "2@lid", correspondent: "15550002@s.whatsapp.net")));
        Assert.Null(whitelist.Find(Message("Alice", sender: "3@lid", correspondent: "15550003@s.whatsapp.net")));
    }

    [Fact]
    public void A_sender_without_a_display_name_is_matched_by_its_identifiers_only()
    {
        Assert.Null(DirectList("Daniel").Find(Message(displayName: null)));
        Assert.NotNull(DirectList("+972501234567").Find(Message(displayName: null)));
    }

    [Fact]
    public void An_empty_whitelist_or_one_of_blank_entries_never_matches()
    {
        Assert.Null(DirectList().Find(Message()));
        Assert.Null(DirectList("", "   ").Find(Message()));
        Assert.Null(GroupList().Find(InGroup("120363041234567890@g.us", "Family")));
    }

    [Fact]
    public void The_first_matching_entry_in_configuration_order_wins()
    {
        var match = DirectList("Bob", "cohen", "972501234567").Find(Message());

        Assert.Equal(new WhitelistMatch("cohen", "Daniel Cohen"), match);
    }

    [Theory]
    [InlineData("120363041234567890@g.us")]
    [InlineData("120363041234567890")]
    [InlineData("Family")]
    [InlineData("family chat")]
    public void A_group_matches_by_its_id_or_name_ignoring_case(string entry)
    {
        Assert.NotNull(GroupList(entry).Find(InGroup("120363041234567890@g.us", "Family Chat")));
    }

    [Fact]
    public void A_group_without_a_name_matches_by_its_id_only()
    {
        Assert.NotNull(GroupList("120363041234567890").Find(InGroup("120363041234567890@g.us", null)));
        Assert.Null(GroupList("Family").Find(InGroup("120363041234567890@g.us", null)));
    }

    [Fact]
    public void In_groups_the_group_is_whitelisted_never_the_member()
    {
        var groupMessage = InGroup("120363041234567890@g.us", "Family");

        // The sender is whitelisted for direct chats, which does not open the group to the bot...
        Assert.Null(new ReplyWhitelist(["+972 50-123-4567", "Daniel"], []).Find(groupMessage));
        // ...and a whitelisted group is answered whoever writes in it.
        Assert.NotNull(GroupList("Family").Find(InGroup("120363041234567890@g.us", "Family", sender: "15550100@s.whatsapp.net")));
        // A group entry does not open direct chats either.
        Assert.Null(GroupList("Daniel").Find(Message()));
    }

    [Theory]
    [InlineData("+972 50-123-4567", "972501234567")]
    [InlineData("(050) 123-4567", "501234567")]
    [InlineData("0097250 1234567", "972501234567")]
    [InlineData("123456", null)]
    [InlineData("Daniel 0501234567", null)]
    [InlineData("", null)]
    public void Phone_digits_are_read_from_usual_notations(string text, string? digits) =>
        Assert.Equal(digits, PhoneNumber.Digits(text));

    [Theory]
    [InlineData("972501234567@s.whatsapp.net", "972501234567")]
    [InlineData("972501234567:12@s.whatsapp.net", "972501234567")]
    [InlineData("972501234567@c.us", "972501234567")]
    [InlineData("+1 555 0100 123", "15550100123")]
    [InlineData("118472993856789@lid", null)]
    [InlineData("120363041234567890@g.us", null)]
    public void Only_phone_identifiers_have_phone_digits(string identifier, string? digits) =>
        Assert.Equal(digits, PhoneNumber.IdentifierDigits(identifier));
}
