using Microsoft.Extensions.Time.Testing;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

public sealed class MessageScreenTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly SentMessageRegistry _sent;
    private readonly MessageScreen _screen;

    public MessageScreenTests()
    {
        _sent = new SentMessageRegistry(_time, capacity: 3);
        _screen = new MessageScreen(_sent, recentCapacity: 2);
    }

    [Fact]
    public void Incoming_messages_come_from_people()
    {
        Assert.Equal(MessageSource.User, _screen.Screen(TestMessages.Inbound("alice", "m1")));
    }

    [Fact]
    public void An_outgoing_message_with_an_id_the_bot_sent_is_the_bots_echo()
    {
        _sent.RecordSent("out-1");

        Assert.Equal(MessageSource.Bot, _screen.Screen(TestMessages.Inbound("alice", "out-1", "hi", MessageDirection.Outgoing)));
        Assert.Equal(MessageSource.UserOutgoing, _screen.Screen(TestMessages.Inbound("alice", "out-2", "hi", MessageDirection.Outgoing)));
    }

    [Fact]
    public void An_echo_arriving_before_the_send_returned_matches_the_pending_send_once()
    {
        _sent.RecordPending("alice@s.whatsapp.net", "On my way");

        var echo = _screen.Screen(TestMessages.Inbound("alice", "e1", "On my way", MessageDirection.Outgoing, "alice@s.whatsapp.net"));
        var ownerTypingTheSame = _screen.Screen(TestMessages.Inbound("alice", "e2", "On my way", MessageDirection.Outgoing, "alice@s.whatsapp.net"));

        Assert.Equal(MessageSource.Bot, echo);
        Assert.Equal(MessageSource.UserOutgoing, ownerTypingTheSame);
        // The echo's id is now known, so a replay of it is still the bot's.
        Assert.Equal(MessageSource.Bot, _screen.Screen(TestMessages.Inbound("alice", "e1", "On my way", MessageDirection.Outgoing)));
    }

    [Fact]
    public void A_pending_send_older_than_30_seconds_no_longer_matches()
    {
        _sent.RecordPending("alice", "On my way");
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(MessageSource.UserOutgoing, _screen.Screen(TestMessages.Inbound("alice", "e1", "On my way", MessageDirection.Outgoing, "alice")));
    }

    [Fact]
    public void A_pending_send_to_someone_else_does_not_match()
    {
        _sent.RecordPending("bob", "On my way");

        Assert.Equal(MessageSource.UserOutgoing, _screen.Screen(TestMessages.Inbound("alice", "e1", "On my way", MessageDirection.Outgoing, "alice")));
    }

    [Fact]
    public void Remembered_messages_are_replays_and_memory_is_bounded()
    {
        _screen.Remember(TestMessages.Archived("alice", 1, "a", _time.GetUtcNow()) with { ProviderMessageId = "m1" });
        _screen.Remember(TestMessages.Archived("alice", 2, "b", _time.GetUtcNow()) with { ProviderMessageId = "m2" });

        Assert.Null(_screen.Screen(TestMessages.Inbound("alice", "m1")));
        Assert.Equal(MessageSource.User, _screen.Screen(TestMessages.Inbound("bob", "m1")));

        _screen.Remember(TestMessages.Archived("alice", 3, "c", _time.GetUtcNow()) with { ProviderMessageId = "m3" });
        // m1 fell out of the two-entry memory: the archive's unique key is the backstop for it.
        Assert.Equal(MessageSource.User, _screen.Screen(TestMessages.Inbound("alice", "m1")));
        Assert.Null(_screen.Screen(TestMessages.Inbound("alice", "m3")));
    }

    [Fact]
    public void The_sent_id_memory_keeps_the_newest_ids()
    {
        foreach (var id in new[] { "s1", "s2", "s3", "s4" })
        {
            _sent.RecordSent(id);
        }

        Assert.False(_sent.IsBotMessage("s1", null, "x"));
        Assert.True(_sent.IsBotMessage("s4", null, "x"));
    }
}
