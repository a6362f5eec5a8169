using MyChatImposter.GroupTracking;

namespace MyChatImposter.Tests.GroupTracking;

public sealed class DigestCardTests
{
    private static readonly ActionItem Full = new()
    {
        TaskTitle = "Pay for the trip",
        TaskDescription = "Pay 50 NIS to Dana.",
        TextDeadline = "by Thursday",
        TimestampDeadline = "2026-12-10 12:00:00",
        RelevantTaskMessages =
        [
            new() { OriginatingTime = "1765000000000", Sender = "Dana", Content = "Trip payment by Thursday" },
            new() { OriginatingTime = "1765000060000", Sender = "Omer", Content = "Can I pay in cash?" },
        ],
    };

    private static string Lines(params string[] lines) => string.Join('\n', lines);

    [Fact]
    public void The_english_card_with_every_part()
    {
        Assert.Equal(
            Lines(
                "📝 *Pay for the trip*",
                "─────────────────────",
                "",
                "📂 *Group*: Class 3B parents",
                "",
                "📌 *Description*: Pay 50 NIS to Dana.",
                "",
                "⏰ *Due (from text)*: by Thursday",
                "",
                "🗓️ *Date*: 2026-12-10 12:00:00",
                "",
                "💬 *Relevant Messages*",
                "> \"_Trip payment by Thursday_\"",
                "> — Dana",
                "",
                "> \"_Can I pay in cash?_\"",
                "> — Omer",
                ""),
            DigestCard.Caption(Full, "Class 3B parents", "en"));
    }

    [Fact]
    public void The_hebrew_card_with_every_part()
    {
        var item = Full with
        {
            TaskTitle = "תשלום לטיול",
            TaskDescription = "להעביר 50 ש\"ח לדנה.",
            TextDeadline = "עד יום חמישי",
            RelevantTaskMessages = [new() { OriginatingTime = "1765000000000", Sender = "דנה", Content = "תשלום לטיול עד חמישי" }],
        };

        Assert.Equal(
            Lines(
                "📝 *תשלום לטיול*",
                "─────────────────────",
                "",
                "📂 *קבוצה*: הורי ג'2",
                "",
                "📌 *תיאור*: להעביר 50 ש\"ח לדנה.",
                "",
                "⏰ *מועד (ממקור הטקסט)*: עד יום חמישי",
                "",
                "🗓️ *תאריך יעד*: 2026-12-10 12:00:00",
                "",
                "💬 *הודעות רלוונטיות*",
                "> \"_תשלום לטיול עד חמישי_\"",
                "> — דנה",
                ""),
            DigestCard.Caption(item, "הורי ג'2", "he"));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("he")]
    public void Without_optional_parts_the_card_is_the_title_and_divider(string language)
    {
        Assert.Equal(
            Lines("📝 *Untitled Task*", "─────────────────────", ""),
            DigestCard.Caption(new ActionItem { TaskTitle = "", TextDeadline = "", TimestampDeadline = "", RelevantTaskMessages = [] }, null, language));
    }

    [Fact]
    public void Only_the_parts_present_are_shown()
    {
        var item = new ActionItem { TaskTitle = "Bring snacks", TimestampDeadline = "2026-12-11 08:00:00" };

        Assert.Equal(
            Lines("📝 *Bring snacks*", "─────────────────────", "", "🗓️ *Date*: 2026-12-11 08:00:00", ""),
            DigestCard.Caption(item, "", "en"));
    }

    [Fact]
    public void The_divider_is_21_box_drawing_characters()
    {
        Assert.Equal(new string('─', 21), DigestCardLabels.Divider);
    }

    [Theory]
    [InlineData("he", true)]
    [InlineData("he-IL", true)]
    [InlineData("iw", true)]
    [InlineData("HE", true)]
    [InlineData("en", false)]
    [InlineData("fr", false)]
    [InlineData("pt-BR", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Hebrew_for_he_and_iw_english_for_every_other_language(string? language, bool hebrew)
    {
        Assert.Same(hebrew ? DigestCardLabels.Hebrew : DigestCardLabels.English, DigestCardLabels.For(language));
        Assert.StartsWith(
            Lines("📝 *T*", "─────────────────────", "", hebrew ? "📂 *קבוצה*: G" : "📂 *Group*: G"),
            DigestCard.Caption(new ActionItem { TaskTitle = "T" }, "G", language));
    }
}
