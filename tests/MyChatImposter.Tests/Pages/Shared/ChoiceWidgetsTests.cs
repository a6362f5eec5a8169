using MyChatImposter.Configuration;
using MyChatImposter.Pages.Shared;

namespace MyChatImposter.Tests.Pages.Shared;

// The options of the shared time-zone and language selects.
public sealed class ChoiceWidgetsTests
{
    private static readonly DateTimeOffset Winter = new(2027, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Summer = new(2027, 7, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_zone_reads_with_spaces_and_its_offset_at_that_moment()
    {
        Assert.Equal("America/New York (UTC-05:00)", TimeZoneChoices.Describe("America/New_York", Winter).Text);
        Assert.Equal("America/New York (UTC-04:00)", TimeZoneChoices.Describe("America/New_York", Summer).Text);
        Assert.Equal("Asia/Kolkata (UTC+05:30)", TimeZoneChoices.Describe("Asia/Kolkata", Winter).Text);
        Assert.Equal("America/New_York", TimeZoneChoices.Describe("America/New_York", Winter).Id);
    }

    [Fact]
    public void The_common_zones_come_first_then_every_other_zone_once_alphabetically()
    {
        var groups = TimeZoneChoices.For(Winter, "Europe/Paris");

        Assert.Equal(["Common", "All zones"], groups.Select(group => group.Label));
        Assert.Equal(ConfigurationResources.Timezones, groups[0].Choices.Select(choice => choice.Id));
        var others = groups[1].Choices.Select(choice => choice.Id).ToList();
        Assert.Contains("Europe/Vienna", others);
        Assert.DoesNotContain("Europe/Paris", others);
        Assert.Equal(others.Order(StringComparer.Ordinal), others);
    }

    [Fact]
    public void A_stored_zone_outside_the_lists_stays_selectable()
    {
        var groups = TimeZoneChoices.For(Winter, "Mars/Olympus_Mons");

        Assert.Equal("Stored", groups[0].Label);
        Assert.Equal("Mars/Olympus_Mons", Assert.Single(groups[0].Choices).Id);
    }

    [Fact]
    public void A_language_reads_english_name_native_name_and_code()
    {
        var choices = LanguageChoices.For("he");

        Assert.Equal(ConfigurationResources.Languages.Count, choices.Count);
        Assert.Equal("English (English) — EN", choices[0].Text);
        Assert.Equal("Hebrew (עברית) — HE", choices.Single(choice => choice.Code == "he").Text);
    }

    [Fact]
    public void A_stored_language_outside_the_list_stays_selectable()
    {
        var choices = LanguageChoices.For("pt-BR");

        Assert.Equal(new LanguageChoices.Choice("pt-BR", "pt-BR (as stored)"), choices[0]);
    }
}
