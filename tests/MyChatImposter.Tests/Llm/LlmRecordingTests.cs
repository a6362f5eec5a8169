using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// record_llm_interactions: each call of a recording bot is kept once, with its final outcome after retries.
public sealed class LlmRecordingTests : FakeServerTest
{
    private LlmProviderConfig Recording(bool on = true) =>
        LlmSettings.OpenAi(Server).WithSettings(settings => settings with { RecordLlmInteractions = on });

    private static List<ChatMessage> Prompt() =>
        [new(ChatRole.System, "You are ann."), new(ChatRole.Assistant, "Bot: hi Dan"), new(ChatRole.User, "Dan: dinner at 8?")];

    private Task<IReadOnlyList<LlmInteraction>> RecordedAsync(string userId = "ann") =>
        Host.Service<ILlmInteractionStore>().ListAsync(userId, null, 50, Ct);

    [Fact]
    public async Task A_recording_bot_keeps_the_whole_prompt_and_the_answer_once()
    {
        Server.Enqueue(FakeAnswer.RateLimited(), FakeAnswer.Text("Yes, 8 is fine."));

        await Host.Factory.Create("ann", Recording()).GetResponseAsync(Prompt(), cancellationToken: Ct);

        var interaction = Assert.Single(await RecordedAsync());
        Assert.Equal("ann", interaction.UserId);
        Assert.Equal("openAi", interaction.Provider);
        Assert.Equal("gpt-4o-mini", interaction.Model);
        Assert.Equal(
            [new("system", "You are ann."), new("assistant", "Bot: hi Dan"), new("user", "Dan: dinner at 8?")],
            interaction.Prompt);
        Assert.Equal("Yes, 8 is fine.", interaction.Answer);
        Assert.Null(interaction.Error);
        Assert.True(interaction.Duration >= TimeSpan.Zero);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Nothing_is_recorded_when_recording_is_off()
    {
        await Host.Factory.Create("ann", Recording(on: false)).GetResponseAsync(Prompt(), cancellationToken: Ct);

        Assert.Empty(await RecordedAsync());
    }

    [Fact]
    public async Task A_failed_call_is_recorded_with_its_failure_and_no_answer()
    {
        Server.Fallback = FakeAnswer.ServerError(503);

        await Assert.ThrowsAsync<LlmCallException>(() => Host.Factory.Create("ann", Recording()).GetResponseAsync(Prompt(), cancellationToken: Ct));

        var interaction = Assert.Single(await RecordedAsync());
        Assert.Null(interaction.Answer);
        Assert.Equal("The LLM call failed after 3 attempts: server error (HTTP 503).", interaction.Error);
        Assert.Equal(3, interaction.Prompt.Count);
    }

    [Fact]
    public async Task A_call_the_caller_cancels_is_not_recorded_as_a_failure()
    {
        Server.Fallback = FakeAnswer.NeverAnswers;
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = Host.Factory.Create("ann", Recording()).GetResponseAsync(Prompt(), cancellationToken: shutdown.Token);
        await Server.RequestAsync(1, Ct);

        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(await RecordedAsync());
    }

    [Fact]
    public async Task A_streamed_answer_is_recorded_whole()
    {
        Server.Fallback = FakeAnswer.Text("Streamed in two halves.");

        await foreach (var _ in Host.Factory.Create("ann", Recording()).GetStreamingResponseAsync(Prompt(), cancellationToken: Ct))
        {
        }

        Assert.Equal("Streamed in two halves.", Assert.Single(await RecordedAsync()).Answer);
    }

    [Fact]
    public async Task The_fake_provider_is_recorded_too_under_its_own_name()
    {
        var fake = new LlmProviderConfig
        {
            ProviderName = "fakeLlm",
            ProviderConfig = new LlmProviderSettings { Model = "fake", RecordLlmInteractions = true },
        };

        await Host.Factory.Create("bob", fake).GetResponseAsync("hello", cancellationToken: Ct);

        var interaction = Assert.Single(await RecordedAsync("bob"));
        Assert.Equal(("fakeLlm", "fake", FakeChatClient.DefaultAnswer), (interaction.Provider, interaction.Model, interaction.Answer));
        Assert.Empty(await RecordedAsync("ann"));
    }

    [Fact]
    public async Task A_recording_that_cannot_be_written_does_not_cost_the_answer()
    {
        await using var host = await LlmTestHost.StartAsync(configure: services =>
            services.AddSingleton<ILlmInteractionStore>(new FailingInteractionStore()));

        var answer = await host.Factory.Create("ann", Recording()).GetResponseAsync(Prompt(), cancellationToken: Ct);

        Assert.Equal("Hello from the fake OpenAI server.", answer.Text);
    }

    private sealed class FailingInteractionStore : ILlmInteractionStore
    {
        public Task AddAsync(LlmInteraction interaction, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the database is gone");

        public Task<IReadOnlyList<LlmInteraction>> ListAsync(string userId, string? before, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
