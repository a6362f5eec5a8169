using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// The wait before each retry: the server's Retry-After when given, else a jittered exponential backoff.
public sealed class RetryDelayTests
{
    private static readonly LlmOptions Options = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(9, 30)]
    public void The_backoff_doubles_per_retry_up_to_the_maximum_and_jitter_takes_a_half_to_the_whole(int retry, int fullSeconds)
    {
        var full = TimeSpan.FromSeconds(fullSeconds);

        Assert.Equal(full, RetryingChatClient.DelayBeforeRetry(retry, retryAfter: null, Options, jitter: 1.0));
        Assert.Equal(full / 2, RetryingChatClient.DelayBeforeRetry(retry, retryAfter: null, Options, jitter: 0.0));
        Assert.Equal(full * 0.75, RetryingChatClient.DelayBeforeRetry(retry, retryAfter: null, Options, jitter: 0.5));
    }

    [Fact]
    public void The_servers_retry_after_is_waited_exactly_whatever_the_jitter()
    {
        var asked = TimeSpan.FromSeconds(7);

        Assert.Equal(asked, RetryingChatClient.DelayBeforeRetry(1, asked, Options, jitter: 0.0));
        Assert.Equal(asked, RetryingChatClient.DelayBeforeRetry(4, asked, Options, jitter: 1.0));
        Assert.Equal(TimeSpan.Zero, RetryingChatClient.DelayBeforeRetry(1, TimeSpan.Zero, Options, jitter: 0.3));
    }

    [Fact]
    public void A_retry_after_beyond_the_maximum_delay_means_do_not_retry()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryingChatClient.DelayBeforeRetry(1, TimeSpan.FromSeconds(30), Options, jitter: 0.5));
        Assert.Null(RetryingChatClient.DelayBeforeRetry(1, TimeSpan.FromSeconds(31), Options, jitter: 0.5));
    }

    [Fact]
    public void A_zero_base_delay_retries_at_once()
    {
        var immediate = new LlmOptions { RetryBaseDelay = TimeSpan.Zero, RetryMaxDelay = TimeSpan.FromSeconds(30) };

        Assert.Equal(TimeSpan.Zero, RetryingChatClient.DelayBeforeRetry(3, retryAfter: null, immediate, jitter: 0.9));
    }
}
