using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Webhooks;

// The pure rules: the retry schedule, the signature, which URLs may be saved.
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retries_wait_longer_each_time_then_every_two_hours_and_stop_after_twelve_attempts()
    {
        var waits = Enumerable.Range(1, 11).Select(attempt => WebhookBackoff.NextAttemptAt(attempt, Now)!.Value - Now).ToList();

        Assert.Equal([10, 30, 120, 600, 1_800, 3_600, 7_200, 7_200, 7_200, 7_200, 7_200], waits.Select(wait => (int)wait.TotalSeconds));
        Assert.Null(WebhookBackoff.NextAttemptAt(WebhookBackoff.MaxAttempts, Now));
        Assert.InRange(waits.Aggregate(TimeSpan.Zero, (total, wait) => total + wait), TimeSpan.FromHours(11), TimeSpan.FromHours(13));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_and_verifies_only_that()
    {
        // Known answer, computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        const string Body = """{"a":1}""";
        var signature = WebhookSignature.Sign("whsec_test", 1_700_000_000, Body);

        Assert.Equal("sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789", signature);
        Assert.True(WebhookSignature.Verify("whsec_test", 1_700_000_000, Body, signature));
        Assert.False(WebhookSignature.Verify("whsec_test", 1_700_000_001, Body, signature));
        Assert.False(WebhookSignature.Verify("whsec_other", 1_700_000_000, Body, signature));
    }

    [Theory]
    [InlineData("https://hooks.example.com/in", true, null)]
    [InlineData("http://93.184.215.14:8080/in", true, null)]
    [InlineData("http://127.0.0.1/in", true, null)]
    [InlineData("http://127.0.0.1/in", false, "loopback")]
    [InlineData("http://foo.localhost/in", false, "loopback")]
    [InlineData("http://[::ffff:192.168.1.1]/in", false, "private-network")]
    [InlineData("http://[fe80::1]/in", false, "link-local")]
    [InlineData("hooks.example.com/in", false, "absolute")]
    [InlineData("", false, "required")]
    public void Urls_are_judged_by_their_form_and_a_literal_address(string url, bool allowPrivate, string? problem)
    {
        var found = WebhookUrlRule.Problem(url, allowPrivate);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }
}
