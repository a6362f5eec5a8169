using Microsoft.Extensions.AI;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// Each bot's latest LLM outcome, as the dashboard shows it.
public sealed class LlmHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_failure_after_a_success_is_failing_and_keeps_the_last_success()
    {
        var health = new LlmHealth();
        Assert.Null(health.For("ann"));

        health.Succeeded("ann", T0);
        health.Failed("ann", T0.AddMinutes(5), "server error (HTTP 500)");

        Assert.Equal(new LlmHealthReport(true, T0, T0.AddMinutes(5), "server error (HTTP 500)"), health.For("ann"));
        Assert.Null(health.For("bob"));
    }

    [Fact]
    public void A_success_after_a_failure_is_ok_and_the_failure_stays_visible()
    {
        var health = new LlmHealth();
        health.Failed("ann", T0, "timed out");

        // Same instant: the order of the calls decides, not the clock.
        health.Succeeded("ann", T0);

        Assert.Equal(new LlmHealthReport(false, T0, T0, "timed out"), health.For("ann"));
    }

    [Fact]
    public void Long_descriptions_are_shortened_and_forgetting_clears_the_bot()
    {
        var health = new LlmHealth();
        health.Failed("ann", T0, new string('x', 1000));

        Assert.Equal(301, health.For("ann")!.LastFailure!.Length);
        health.Forget("ann");
        Assert.Null(health.For("ann"));
    }

    [Fact]
    public async Task Calls_through_the_factory_report_their_outcome_and_a_cancelled_one_does_not()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        await using var host = await LlmTestHost.StartAsync();
        var health = host.Service<LlmHealth>();
        var client = host.Factory.Create("ann", LlmSettings.OpenAi(server));

        server.Enqueue(FakeAnswer.Status(401));
        await Assert.ThrowsAsync<LlmCallException>(() => client.GetResponseAsync("hi", cancellationToken: Ct));
        var failed = health.For("ann")!;
        Assert.True(failed.IsFailing);
        Assert.Equal("The LLM call failed after 1 attempt: the server refused the API key (HTTP 401).", failed.LastFailure);
        Assert.Null(failed.LastSuccessAt);

        await client.GetResponseAsync("hi again", cancellationToken: Ct);
        var recovered = health.For("ann")!;
        Assert.False(recovered.IsFailing);
        Assert.NotNull(recovered.LastSuccessAt);

        server.Fallback = FakeAnswer.NeverAnswers;
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = client.GetResponseAsync("are you there?", cancellationToken: shutdown.Token);
        await server.RequestAsync(3, Ct);
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(recovered, health.For("ann"));
    }
}
