using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// Timeouts, retries and cancellation of openAi calls, through the real SDK against FakeOpenAiServer. The
// host runs on the real clock with a 10 ms base delay, so waits are short but real; the gaps between
// requests are measured where the server's Retry-After must be honoured.
public sealed class LlmRetryTests() : FakeServerTest(new Dictionary<string, string?> { ["Llm:Timeout"] = "00:00:01" })
{
    private IChatClient Client() => Host.Factory.Create("ann", LlmSettings.OpenAi(Server));

    private Task<ChatResponse> AskAsync(CancellationToken? cancellationToken = null) =>
        Client().GetResponseAsync("Are you there?", cancellationToken: cancellationToken ?? Ct);

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task A_transient_status_is_retried_and_the_call_then_succeeds(int status)
    {
        Server.Enqueue(FakeAnswer.Status(status), FakeAnswer.Text("Here I am."));

        var answer = await AskAsync();

        Assert.Equal("Here I am.", answer.Text);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal(Server.Requests[0].Body.ToJsonString(), Server.Requests[1].Body.ToJsonString());
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        Server.Enqueue(FakeAnswer.DropsConnection, FakeAnswer.Text("Reconnected."));

        Assert.Equal("Reconnected.", (await AskAsync()).Text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Two_failures_then_success_takes_three_attempts()
    {
        Server.Enqueue(FakeAnswer.ServerError(503), FakeAnswer.RateLimited(), FakeAnswer.Text("Third time lucky."));

        Assert.Equal("Third time lucky.", (await AskAsync()).Text);
        Assert.Equal(3, Server.Requests.Count);
    }

    // OpenAI's retry-after-ms, and RFC 9110's Retry-After in seconds.
    [Theory]
    [InlineData(null, "400", 400)]
    [InlineData("1", null, 1000)]
    public async Task A_429_waits_as_long_as_the_server_asks(string? retryAfter, string? retryAfterMs, int milliseconds)
    {
        Server.Enqueue(FakeAnswer.RateLimited(retryAfter, retryAfterMs), FakeAnswer.Text("Thanks for waiting."));

        await AskAsync();

        var gap = Server.Requests[1].ReceivedAt - Server.Requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromMilliseconds(milliseconds - 10), $"retried after {gap.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_maximum_delay_fails_at_once()
    {
        Server.Enqueue(FakeAnswer.RateLimited(retryAfter: "3600"));

        var error = await Assert.ThrowsAsync<LlmCallException>(() => AskAsync());

        Assert.Single(Server.Requests);
        Assert.Equal(LlmFailureKind.RateLimited, error.Failure.Kind);
        Assert.Contains("asked to wait 3600 s", error.Message);
    }

    [Fact]
    public async Task A_persistent_server_error_fails_clearly_after_the_configured_attempts()
    {
        Server.Fallback = FakeAnswer.ServerError(500);

        var error = await Assert.ThrowsAsync<LlmCallException>(() => AskAsync());

        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(LlmFailureKind.ServerError, error.Failure.Kind);
        Assert.Equal("The LLM call failed after 3 attempts: server error (HTTP 500).", error.Message);
    }

    [Theory]
    [InlineData(400, "check the model")]
    [InlineData(401, "refused the API key")]
    [InlineData(404, "check the model name and the base URL")]
    public async Task A_refusal_is_not_retried(int status, string expected)
    {
        Server.Fallback = FakeAnswer.Status(status);

        var error = await Assert.ThrowsAsync<LlmCallException>(() => AskAsync());

        Assert.Single(Server.Requests);
        Assert.Equal(LlmFailureKind.Rejected, error.Failure.Kind);
        Assert.Contains(expected, error.Message);
        // The server's own text is not carried: it may quote the key.
        Assert.Null(error.InnerException);
        Assert.DoesNotContain("Scripted failure", error.ToString());
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_each_attempt_and_the_call_fails_without_hanging()
    {
        Server.Fallback = FakeAnswer.NeverAnswers;

        var error = await Assert.ThrowsAsync<LlmCallException>(() => AskAsync());

        Assert.Equal(LlmFailureKind.Timeout, error.Failure.Kind);
        Assert.Equal("The LLM call failed after 3 attempts: no answer within 1 s.", error.Message);
        Assert.Equal(3, Server.Requests.Count);
        // Every attempt was abandoned on the wire, not left running.
        await Task.WhenAll(Server.Requests.Select(request => request.Aborted)).WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task The_callers_cancellation_aborts_the_request_and_is_not_retried()
    {
        Server.Fallback = FakeAnswer.NeverAnswers;
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = AskAsync(shutdown.Token);
        var request = await Server.RequestAsync(1, Ct);
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await request.Aborted.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_streamed_call_is_retried_before_its_first_part()
    {
        Server.Enqueue(FakeAnswer.ServerError(502), FakeAnswer.Text("Streamed after a retry."));
        var text = "";

        await foreach (var update in Client().GetStreamingResponseAsync("Stream please", cancellationToken: Ct))
        {
            text += update.Text;
        }

        Assert.Equal("Streamed after a retry.", text);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        await using var host = await LlmTestHost.StartAsync(new Dictionary<string, string?> { ["Llm:MaxAttempts"] = "1" });
        Server.Enqueue(FakeAnswer.ServerError(503));

        var error = await Assert.ThrowsAsync<LlmCallException>(() =>
            host.Factory.Create("ann", LlmSettings.OpenAi(Server)).GetResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal(1, error.Attempts);
        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData("Llm:Timeout", "00:00:00")]
    [InlineData("Llm:Timeout", "01:00:00")]
    [InlineData("Llm:MaxAttempts", "0")]
    [InlineData("Llm:MaxAttempts", "11")]
    [InlineData("Llm:RetryBaseDelay", "00:00:40")]
    [InlineData("Llm:InteractionRetention", "00:01:00")]
    public async Task Out_of_range_host_options_are_refused(string key, string value)
    {
        await using var host = await LlmTestHost.StartAsync(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Service<IOptions<LlmOptions>>().Value);

        Assert.Contains(key.Split(':')[1], error.Message);
    }
}
