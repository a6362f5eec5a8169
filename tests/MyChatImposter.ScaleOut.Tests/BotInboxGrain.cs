using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;
using Orleans.Runtime;

namespace MyChatImposter.ScaleOut.Tests;

// The pipeline's first promise (Pipeline/ArchiveWriter) kept by a grain: number the message per correspondent,
// write it to the shared archive, only then acknowledge. The archive's own rule, one row per (user,
// correspondent, provider message id), turns a replay into "already archived", whichever silo the earlier copy
// was written from. Calls are handled one at a time (the grain is not reentrant), so the numbering needs no
// lock, and a new activation reads where the old one left off from the store, not from memory.
public sealed class BotInboxGrain(IMessageArchive archive, ILocalSiloDetails silo, TimeProvider time) : Grain, IBotInboxGrain
{
    private const string ProviderName = "whatsapp";

    private readonly Dictionary<string, long> _lastIds = new(StringComparer.Ordinal);

    public async Task<InboxReceipt> AcceptAsync(InboundEnvelope message)
    {
        var botId = this.GetPrimaryKeyString();
        var id = await NextIdAsync(botId, message.CorrespondentId);
        var row = new ArchivedMessage(botId, ProviderName, message.CorrespondentId, id, message.ProviderMessageId, message.Text,
            new ChatParty(message.CorrespondentId, null, []), MessageSource.User, time.GetUtcNow(), null, null);
        bool archived;
        try
        {
            archived = (await archive.AppendAsync([row], CancellationToken.None))[0];
        }
        catch
        {
            // Whether the row landed is unknown: count again from the archive on the next message.
            _lastIds.Remove(message.CorrespondentId);
            throw;
        }
        if (archived)
        {
            _lastIds[message.CorrespondentId] = id;
        }
        else
        {
            // A replay was given a number it did not use; re-reading the last id avoids a gap after it.
            _lastIds.Remove(message.CorrespondentId);
        }
        return new InboxReceipt(archived, silo.SiloAddress);
    }

    private async Task<long> NextIdAsync(string botId, string correspondentId)
    {
        if (!_lastIds.TryGetValue(correspondentId, out var last))
        {
            last = await archive.LastIdAsync(botId, correspondentId, CancellationToken.None);
        }
        return last + 1;
    }
}
