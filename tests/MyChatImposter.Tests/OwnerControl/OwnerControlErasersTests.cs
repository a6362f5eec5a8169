using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;
using MyChatImposter.OwnerControl;
using MyChatImposter.Tests.Storage;

namespace MyChatImposter.Tests.OwnerControl;

// Each eraser counts what it would erase as it erases it, and erases one user's records only.
public sealed class OwnerControlErasersTests() : StoreContract<IDraftStore>(new SqliteTestDatabase())
{
    [Fact]
    public async Task Each_eraser_counts_then_erases_one_users_records()
    {
        var drafts = await OpenStoreAsync();
        var takeovers = Services!.GetRequiredService<ITakeoverStore>();
        var history = Services!.GetRequiredService<IReplyHistoryStore>();
        foreach (var (user, correspondent) in new[] { ("alice", "bob"), ("alice", "dave"), ("carol", "bob") })
        {
            await drafts.AddAsync(new Draft(Guid.NewGuid().ToString(), user, correspondent, null, [new Utterance("Bob", "hi")], "hello",
                DraftState.Pending, T0, T0.AddHours(1)), Ct);
            await takeovers.SetAsync(new Takeover(user, correspondent, null, T0, null, "site"), Ct);
            await history.AddAsync(new ReplyEvent(user, correspondent, ReplyEventKind.Drafted, T0), Ct);
        }
        IUserDataEraser[] erasers =
            [new UserRecordsEraser("drafts", drafts), new UserRecordsEraser("takeovers", takeovers), new UserRecordsEraser("reply_history", history)];

        Assert.Equal(["drafts", "takeovers", "reply_history"], erasers.Select(eraser => eraser.Name));
        foreach (var eraser in erasers)
        {
            Assert.Equal(2, await eraser.CountAsync("alice", Ct));
            Assert.Equal(2, await eraser.EraseAsync("alice", Ct));
            Assert.Equal(0, await eraser.CountAsync("alice", Ct));
            Assert.Equal(1, await eraser.CountAsync("carol", Ct));
        }
    }
}
