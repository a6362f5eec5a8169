using MyChatImposter.Llm;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Llm;

// Recorded interactions are kept for Llm:InteractionRetention (30 days unless configured), then purged.
public sealed class LlmInteractionsHousekeepingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Interactions_older_than_30_days_are_purged_and_newer_ones_kept()
    {
        await using var app = new ImposterApp();
        await app.RecordInteractionAsync("ann", "oldest");
        app.Time.Advance(TimeSpan.FromDays(20));
        await app.RecordInteractionAsync("bob", "middle");
        app.Time.Advance(TimeSpan.FromDays(11));

        // The hosted loop may purge first, on a tick of the advanced clock; either way the oldest is gone.
        await app.Service<LlmInteractionsHousekeeping>().PurgeAsync(Ct);

        Assert.Equal(0, await app.Service<ILlmInteractionStore>().CountAsync("ann", Ct));
        Assert.Equal(1, await app.Service<ILlmInteractionStore>().CountAsync("bob", Ct));
    }

    [Fact]
    public async Task The_retention_is_a_host_option()
    {
        await using var app = new ImposterApp(new Dictionary<string, string> { ["Llm:InteractionRetention"] = "2.00:00:00" });
        await app.RecordInteractionAsync("ann", "three days old");
        app.Time.Advance(TimeSpan.FromDays(3));

        await app.RecordInteractionAsync("ann", "fresh");
        await app.Service<LlmInteractionsHousekeeping>().PurgeAsync(Ct);

        var kept = await app.Service<ILlmInteractionStore>().ListAsync("ann", null, 10, Ct);
        Assert.Equal(["fresh"], kept.Select(interaction => interaction.Answer));
    }
}
