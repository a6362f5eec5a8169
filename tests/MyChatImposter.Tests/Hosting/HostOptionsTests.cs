using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Delivery;
using MyChatImposter.Hosting;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Hosting;

// Out-of-range and unreadable host options, as the person starting the host reads about them.
public sealed class HostOptionsTests
{
    public static TheoryData<string, string> OutOfRangeValues()
    {
        var data = new TheoryData<string, string>();
        foreach (var option in HostOptionsCatalogue.Options.Where(option => option.Range is not null))
        {
            data.Add(option.Key, "below");
            data.Add(option.Key, "above");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OutOfRangeValues))]
    public void An_option_outside_its_range_is_named_with_its_value_and_range(string key, string side)
    {
        var option = HostOptionsCatalogue.Options.Single(option => option.Key == key);
        var range = option.Range!;
        var options = Activator.CreateInstance(option.OptionsType)!;
        var value = OutsideOf(range, side == "above");
        option.Property.SetValue(options, value);

        var failure = Assert.Single(OptionRules.Check(option.Section, options));

        Assert.StartsWith($"{key} is ", failure, StringComparison.Ordinal);
        var named = failure[$"{key} is ".Length..failure.IndexOf(';', StringComparison.Ordinal)];
        Assert.Equal(value, value is TimeSpan ? TimeSpan.Parse(named, CultureInfo.InvariantCulture) : int.Parse(named, CultureInfo.InvariantCulture));
        Assert.EndsWith($"must be between {range.Minimum} and {range.Maximum}.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_range_is_checked_by_the_theory()
    {
        Assert.True(OutOfRangeValues().Count > 100, "the catalogue found the host's options");
    }

    [Fact]
    public void Each_unreadable_and_each_out_of_range_value_is_one_line()
    {
        var problems = ProblemsOf(new()
        {
            ["Delivery:MinDelay"] = "abc",
            ["Delivery:MaxPerRecipientPerHour"] = "1000000",
            ["Pipeline:StageCapacity"] = "-x",
            ["Pipeline:FeatureLanes"] = "4",
        });

        Assert.Equal(
            [
                "Delivery:MinDelay is 'abc', not a duration ([d.]hh:mm:ss, e.g. 00:00:30 or 1.00:00:00); it must be between 00:00:00 and 01:00:00.",
                "Delivery:MaxPerRecipientPerHour is 1000000; it must be between 1 and 10000.",
                "Pipeline:StageCapacity is '-x', not a whole number; it must be between 1 and 100000.",
            ],
            problems);
    }

    [Fact]
    public void Valid_options_pass()
    {
        Assert.Empty(ProblemsOf(new() { ["Delivery:MinDelay"] = "00:00:02", ["Pipeline:StageCapacity"] = "5000" }));
    }

    private static IReadOnlyList<string> ProblemsOf(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDelivery(configuration)
            .AddPipeline(configuration)
            .BuildServiceProvider();
        return StartupOptionsCheck.Problems(services);
    }

    private static object OutsideOf(RangeAttribute range, bool above)
    {
        if (range.OperandType == typeof(TimeSpan))
        {
            var bound = TimeSpan.Parse((string)(above ? range.Maximum : range.Minimum), CultureInfo.InvariantCulture);
            return above ? bound + TimeSpan.FromSeconds(1) : bound - TimeSpan.FromSeconds(1);
        }
        return above ? (int)range.Maximum + 1 : (int)range.Minimum - 1;
    }
}
