using System.Text.Json;
using Microsoft.Extensions.AI;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// fakeLlm (spec/04 §5): the response_array answers in turn, round again, with {user_id} replaced.
public sealed class FakeLlmProviderTests : IAsyncLifetime
{
    private LlmTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await LlmTestHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static LlmProviderConfig Fake(string name = "fakeLlm", object? answers = null) => new()
    {
        ProviderName = name,
        ProviderConfig = new LlmProviderSettings
        {
            Model = "fake",
            Extra = answers is null ? null : new Dictionary<string, JsonElement> { ["response_array"] = JsonSerializer.SerializeToElement(answers) },
        },
    };

    private static async Task<List<string>> AnswersAsync(IChatClient client, int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            answers.Add((await client.GetResponseAsync($"question {i}", cancellationToken: Ct)).Text);
        }
        return answers;
    }

    [Fact]
    public async Task The_answers_come_in_turn_and_round_again_with_the_user_id_substituted()
    {
        var client = _host.Factory.Create("ann", Fake(answers: new[] { "First from {user_id}", "Second", "{user_id} and {user_id}, {name}" }));

        Assert.Equal(["First from ann", "Second", "ann and ann, {name}", "First from ann", "Second"], await AnswersAsync(client, 5));
    }

    [Fact]
    public async Task An_answer_may_echo_the_newest_message_it_answers()
    {
        var client = _host.Factory.Create("ann", Fake(answers: new[] { "Re: {last_message}" }));

        var response = await client.GetResponseAsync(
            [new(ChatRole.System, "You are ann."), new(ChatRole.User, "Dana: first"), new(ChatRole.Assistant, "ok"),
             new(ChatRole.User, "Dana: second [m-2]")], cancellationToken: Ct);

        Assert.Equal("Re: Dana: second [m-2]", response.Text);
    }

    [Theory]
    [InlineData("fakeLlm")]
    [InlineData("fake")]
    [InlineData("FAKELLM")]
    public async Task Without_answers_the_fake_gives_its_one_fixed_sentence(string name)
    {
        var client = _host.Factory.Create("ann", Fake(name));

        Assert.Equal([FakeChatClient.DefaultAnswer, FakeChatClient.DefaultAnswer], await AnswersAsync(client, 2));
    }

    [Fact]
    public async Task Each_client_starts_at_the_first_answer()
    {
        var settings = Fake(answers: new[] { "one", "two" });
        await AnswersAsync(_host.Factory.Create("ann", settings), 1);

        Assert.Equal(["one"], await AnswersAsync(_host.Factory.Create("ann", settings), 1));
    }

    [Theory]
    [InlineData("\"just text\"")]
    [InlineData("[]")]
    [InlineData("[\"ok\", 42]")]
    public void Answers_that_are_not_a_list_of_text_name_the_field(string json)
    {
        var error = Assert.Throws<LlmConfigurationException>(() => _host.Factory.Create("ann", Fake(answers: JsonDocument.Parse(json).RootElement)));

        Assert.Equal("configurations.llm_provider_config.provider_config.response_array", error.Field);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled()
    {
        var client = _host.Factory.Create("ann", Fake());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: new CancellationToken(canceled: true)));
    }
}
