using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.WhatsApp;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// The bridge's message object (its README, "Protocol") as the pipeline's InboundMessage.
public sealed class BridgeMessageTests
{
    private const string DanaLid = "123456789012345@lid";
    private const string DanaPhone = "972501234567@s.whatsapp.net";

    private static BridgeMessage Message(
        string? id = "3EB0A1", string? chat = DanaLid, string? correspondent = DanaPhone, bool fromMe = false, bool isGroup = false,
        string? groupName = null, string? sender = DanaLid, IReadOnlyList<string>? alternates = null, long? time = 1_765_000_000_000) =>
        new(id, chat, correspondent, sender, fromMe, isGroup, groupName, "Dana", "hi", time, RecipientId: null, alternates ?? [DanaLid, DanaPhone]);

    [Fact]
    public void A_direct_message_belongs_to_the_contacts_phone_number_whichever_address_WhatsApp_used()
    {
        var inbound = Message().ToInbound("4915100000000@s.whatsapp.net")!;

        Assert.Equal(DanaPhone, inbound.CorrespondentId);
        Assert.Equal(DanaLid, inbound.Sender.Identifier);
        Assert.Equal([DanaLid, DanaPhone, "Dana"], inbound.Sender.AlternateIdentifiers);
        Assert.Equal((MessageDirection.Incoming, "4915100000000@s.whatsapp.net"), (inbound.Direction, inbound.RecipientId));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_765_000_000_000), inbound.OriginatingTime);
        Assert.Null(inbound.Group);
    }

    [Fact]
    public void A_group_message_belongs_to_the_group_and_carries_its_name()
    {
        var inbound = Message(chat: "1203630@g.us", correspondent: "1203630@g.us", isGroup: true, groupName: "Family").ToInbound("me")!;

        Assert.Equal("1203630@g.us", inbound.CorrespondentId);
        Assert.Equal(new[] { "1203630@g.us", "Family" }, inbound.Group!.AlternateIdentifiers);
        Assert.Equal("Family", inbound.Group.Name);
    }

    [Fact]
    public void Own_messages_are_outgoing_to_the_chat_and_a_message_without_id_or_chat_is_not_a_message()
    {
        var own = Message(fromMe: true, time: null).ToInbound("me")!;

        Assert.Equal((MessageDirection.Outgoing, DanaLid), (own.Direction, own.RecipientId));
        Assert.Null(own.OriginatingTime);
        Assert.Null(Message(id: null).ToInbound("me"));
        Assert.Null(Message(chat: "").ToInbound("me"));
    }

    [Fact]
    public void The_accounts_own_chat_is_the_conversation_named_self_from_any_of_its_devices()
    {
        const string Own = "4915100000000@s.whatsapp.net";

        var note = Message(chat: "4915100000000:7@s.whatsapp.net", correspondent: null, fromMe: true).ToInbound(Own)!;
        var toDana = Message(fromMe: true).ToInbound(Own)!;
        var sameNumberOtherDomain = Message(chat: "4915100000000@lid", correspondent: null).ToInbound(Own)!;

        Assert.Equal(("self", "self"), (note.CorrespondentId, note.RecipientId));
        Assert.Equal("📝 Draft 12 · reply to Dana",
            (Message(fromMe: true) with { QuotedText = "📝 Draft 12 · reply to Dana" }).ToInbound(Own)!.QuotedText);
        Assert.Null(toDana.QuotedText);
        Assert.Equal(DanaPhone, toDana.CorrespondentId);
        Assert.Equal("4915100000000@lid", sameNumberOtherDomain.CorrespondentId);
    }
}
