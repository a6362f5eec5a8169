using System.ComponentModel.DataAnnotations;
using MyChatImposter.GroupTracking;

namespace MyChatImposter.Tests.GroupTracking;

public sealed class GroupTrackingOptionsTests
{
    private static bool Valid(GroupTrackingOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

    [Fact]
    public void The_defaults_are_a_seven_day_look_back_and_up_to_a_minute_of_jitter()
    {
        var options = new GroupTrackingOptions();

        Assert.True(Valid(options));
        Assert.Equal(TimeSpan.FromDays(7), options.LookBack);
        Assert.Equal(TimeSpan.FromSeconds(60), options.StartJitter);
        Assert.Equal(48, options.MaxCatchUpPeriods);
    }

    [Fact]
    public void Jitter_beyond_a_minute_and_no_catch_up_at_all_are_refused()
    {
        Assert.True(Valid(new GroupTrackingOptions { StartJitter = TimeSpan.Zero }));
        Assert.False(Valid(new GroupTrackingOptions { StartJitter = TimeSpan.FromSeconds(61) }));
        Assert.False(Valid(new GroupTrackingOptions { MaxCatchUpPeriods = 0 }));
        Assert.False(Valid(new GroupTrackingOptions { LookBack = TimeSpan.Zero }));
    }
}
