using Orleans.Runtime;

namespace MyChatImposter.ScaleOut.Tests;

// A bot's inbound handling as one grain, keyed by the bot's user id: the cluster keeps at most one activation
// of it, on whichever silo placed it, and places it again elsewhere when that silo goes.
public interface IBotInboxGrain : IGrainWithStringKey
{
    // Acknowledges only what the shared archive holds: when this returns, the message is stored (Archived) or
    // was stored before (a replay, Archived false). A failure means "not acknowledged": the sender retries.
    Task<InboxReceipt> AcceptAsync(InboundEnvelope message);
}

// What the WhatsApp bridge hands the host for one inbound message, cut to what the spike needs.
[GenerateSerializer, Immutable]
public sealed record InboundEnvelope(
    [property: Id(0)] string CorrespondentId,
    [property: Id(1)] string ProviderMessageId,
    [property: Id(2)] string Text);

// Silo: where the bot's activation ran when it acknowledged, so a test can tell where the bot lives.
[GenerateSerializer, Immutable]
public sealed record InboxReceipt(
    [property: Id(0)] bool Archived,
    [property: Id(1)] SiloAddress Silo);
