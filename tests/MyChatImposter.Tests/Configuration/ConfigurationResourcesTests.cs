using System.Text.Json;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using static MyChatImposter.Tests.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

public sealed class ConfigurationResourcesTests
{
    [Fact]
    public void The_twenty_languages_are_listed_in_the_documented_order()
    {
        Assert.Equal(
            ["en", "he", "ar", "es", "fr", "de", "ru", "zh", "ja", "pt", "it", "ko", "nl", "pl", "tr", "hi", "th", "vi", "uk", "sv"],
            ConfigurationResources.Languages.Select(language => language.Code));
    }

    [Theory]
    [InlineData("en", "English", "English")]
    [InlineData("he", "Hebrew", "עברית")]
    [InlineData("ar", "Arabic", "العربية")]
    [InlineData("zh", "Chinese", "中文")]
    [InlineData("ja", "Japanese", "日本語")]
    [InlineData("hi", "Hindi", "हिन्दी")]
    [InlineData("vi", "Vietnamese", "Tiếng Việt")]
    [InlineData("uk", "Ukrainian", "Українська")]
    public void Languages_carry_english_and_native_names(string code, string name, string nativeName) =>
        Assert.Contains(new Language(code, name, nativeName), ConfigurationResources.Languages);

    [Fact]
    public void Every_listed_language_is_accepted_as_a_language_code()
    {
        foreach (var language in ConfigurationResources.Languages)
        {
            var errors = ConfigurationValidator.Validate(
                Load(CompleteWith("configurations.user_details.language_code", $"\"{language.Code}\"")), new LlmOptions());
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void A_language_serialises_with_snake_case_names()
    {
        var json = JsonSerializer.Serialize(ConfigurationResources.Languages[1], ConfigurationJson.Options);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(["code", "name", "native_name"], document.RootElement.EnumerateObject().Select(member => member.Name));
        Assert.Equal("עברית", document.RootElement.GetProperty("native_name").GetString());
    }

    [Fact]
    public void The_twenty_one_time_zones_are_listed_in_the_documented_order()
    {
        Assert.Equal(
            [
                "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Moscow", "Asia/Jerusalem", "Asia/Dubai",
                "Asia/Kolkata", "Asia/Bangkok", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Tokyo", "Australia/Sydney",
                "Pacific/Auckland", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                "America/Sao_Paulo", "Africa/Cairo", "Africa/Johannesburg",
            ],
            ConfigurationResources.Timezones);
    }

    [Fact]
    public void Every_listed_time_zone_resolves_and_is_accepted()
    {
        foreach (var timezone in ConfigurationResources.Timezones)
        {
            Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone), timezone);
            Assert.True(zone.HasIanaId, timezone);
            var errors = ConfigurationValidator.Validate(
                Load(CompleteWith("configurations.user_details.timezone", $"\"{timezone}\"")), new LlmOptions());
            Assert.Empty(errors);
        }
    }
}
