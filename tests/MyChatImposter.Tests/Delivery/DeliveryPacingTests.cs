using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyChatImposter.Delivery;

namespace MyChatImposter.Tests.Delivery;

public sealed class DeliveryPacingTests
{
    private static DeliveryPacing Pacing(DeliveryOptions options, int seed = 1) => new(Options.Create(options), new DeliveryRandom(new Random(seed)));

    [Fact]
    public void Pauses_spread_over_the_whole_range_between_the_bounds()
    {
        var pacing = Pacing(new DeliveryOptions { MinDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(12) });

        var pauses = Enumerable.Range(0, 1_000).Select(_ => pacing.Pause()).ToList();

        Assert.All(pauses, pause => Assert.InRange(pause, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(12)));
        Assert.True(pauses.Min() < TimeSpan.FromSeconds(1.5), $"the shortest pause was {pauses.Min()}");
        Assert.True(pauses.Max() > TimeSpan.FromSeconds(11.5), $"the longest pause was {pauses.Max()}");
        Assert.InRange(pauses.Average(pause => pause.TotalSeconds), 6, 7);
    }

    [Fact]
    public void Retry_delays_double_per_attempt_with_jitter_and_stop_at_the_maximum()
    {
        var pacing = Pacing(new DeliveryOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(5) });

        for (var round = 0; round < 200; round++)
        {
            Assert.InRange(pacing.RetryDelay(1), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45));
            Assert.InRange(pacing.RetryDelay(2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));
            Assert.InRange(pacing.RetryDelay(3), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(180));
            Assert.InRange(pacing.RetryDelay(9), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        }
        Assert.Equal(TimeSpan.FromMinutes(5), pacing.RetryDelay(9));
        Assert.True(Enumerable.Range(0, 20).Select(_ => pacing.RetryDelay(1)).Distinct().Count() > 1, "retry delays are not jittered");
    }

    [Fact]
    public void A_rate_limit_pause_follows_the_networks_retry_after_or_grows_up_to_its_maximum()
    {
        var pacing = Pacing(new DeliveryOptions { RateLimitPause = TimeSpan.FromMinutes(1), RateLimitMaxPause = TimeSpan.FromMinutes(10) });

        Assert.Equal(TimeSpan.FromSeconds(42), pacing.RateLimitPause(1, TimeSpan.FromSeconds(42)));
        Assert.Equal(TimeSpan.FromMinutes(10), pacing.RateLimitPause(1, TimeSpan.FromHours(2)));
        Assert.InRange(pacing.RateLimitPause(1, null), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));
        Assert.InRange(pacing.RateLimitPause(3, null), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));
        Assert.Equal(TimeSpan.FromMinutes(10), pacing.RateLimitPause(8, null));
    }

    [Fact]
    public void Typing_lasts_per_character_up_to_its_cap()
    {
        var pacing = Pacing(new DeliveryOptions { TypingPerCharacter = TimeSpan.FromMilliseconds(50), TypingMax = TimeSpan.FromSeconds(5) });

        Assert.Equal(TimeSpan.FromMilliseconds(600), pacing.Typing(12));
        Assert.Equal(TimeSpan.FromSeconds(5), pacing.Typing(5_000));
    }

    [Theory]
    [InlineData("MinDelay", "00:00:20", "Delivery:MinDelay must not exceed Delivery:MaxDelay")]
    [InlineData("RetryBaseDelay", "02:00:00", "Delivery:RetryBaseDelay must not exceed Delivery:RetryMaxDelay")]
    [InlineData("MaxAttempts", "0", "MaxAttempts")]
    [InlineData("MaxPerAccountPerDay", "0", "MaxPerAccountPerDay")]
    [InlineData("SentRetention", "02:00:00", "SentRetention")]
    public void Invalid_options_are_refused_at_start(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"Delivery:{key}", value)]).Build();
        using var services = new ServiceCollection().AddLogging().AddDelivery(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DeliveryOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
