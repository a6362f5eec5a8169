using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using MyChatImposter.GroupTracking;
using Calendar = Ical.Net.Calendar;

namespace MyChatImposter.Tests.GroupTracking;

public sealed class DigestCalendarTests
{
    private const string Jerusalem = "Asia/Jerusalem";
    private static readonly DateTimeOffset PeriodEnd = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Stamp = new(2026, 12, 6, 10, 0, 42, TimeSpan.Zero);
    private static readonly DigestCalendarContext Context = new("ann", "120363025@g.us", "Class 3B parents", PeriodEnd, Jerusalem, "en");

    private const string HebrewDescription =
        "אסיפת הורים בבית הספר, בכיתה ג'2; יש להביא מחברת, עט ואת טופס ההרשמה החתום.\n"
        + "משתתפים: אֲבִיטַל כהן, דָּנָה לוי ועֹמֶר ישראלי 🎒 — ביום חמישי, 10/12/2026, 18:30.";

    private static ActionItemMessage Message(string time, string sender, string content = "…") =>
        new() { OriginatingTime = time, Sender = sender, Content = content };

    private static readonly ActionItem Meeting = new()
    {
        TaskTitle = "Parents' meeting",
        TaskDescription = "Bring the signed form, a notebook; and a pen.",
        TextDeadline = "Thursday at 18:30",
        TimestampDeadline = "2026-12-10 18:30:00",
        Location = "School hall",
        RelevantTaskMessages = [Message("1765000000000", "Dana"), Message("1765000060000", "Omer")],
    };

    private static readonly ActionItem Chore = new()
    {
        TaskTitle = "Collect money for the teacher's gift",
        TaskDescription = "Everyone sends 20 NIS to Omer.",
        TextDeadline = "",
        TimestampDeadline = "",
        RelevantTaskMessages = [Message("1765000120000", "Omer")],
    };

    // Every shape of calendar the builder makes; each must be well-formed RFC 5545 bytes.
    public static TheoryData<string, ActionItem, string?> Shapes() => new()
    {
        { "timed event", Meeting, Jerusalem },
        { "timed event in New York", Meeting, "America/New_York" },
        { "noon means all day", Meeting with { TimestampDeadline = "2026-12-10 12:00:00" }, Jerusalem },
        { "all-day flag", Meeting with { AllDay = true }, Jerusalem },
        { "bare date", Meeting with { TimestampDeadline = "2026-12-10" }, Jerusalem },
        { "cancelled event", Meeting with { Cancelled = true, Kind = ActionItemKinds.Event }, Jerusalem },
        { "to-do", Chore, Jerusalem },
        { "cancelled to-do", Chore with { Cancelled = true }, Jerusalem },
        { "unparseable deadline", Meeting with { TimestampDeadline = "next week" }, Jerusalem },
        { "invalid zone", Meeting, "Mars/Olympus_Mons" },
        { "no zone", Chore, null },
        { "hebrew event", Meeting with { TaskTitle = "אסיפת הורים, כיתה ג'2; חשוב מאוד להגיע בזמן כי מחלקים את התעודות 🎓", TaskDescription = HebrewDescription, Location = "אולם בית הספר, קומה 2; כניסה מהחצר" }, Jerusalem },
        { "hebrew to-do", Chore with { TaskTitle = "לאסוף כסף למתנה למורה; 20 ש\"ח, לא יותר", TaskDescription = HebrewDescription + "\r\n" + HebrewDescription }, Jerusalem },
        { "escapes", Meeting with { TaskTitle = "a,b;c\\d", TaskDescription = "line one\nline two, with comma; and semicolon \\ backslash" }, Jerusalem },
        { "nothing but defaults", new ActionItem(), Jerusalem },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_calendar_has_crlf_lines_folded_at_75_octets(string shape, ActionItem item, string? zone)
    {
        var file = DigestCalendar.Build(item, Context with { TimeZone = zone }, Stamp);

        AssertWellFormed(file.Content, shape);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_calendar_unfolds_and_parses_back_to_its_item(string shape, ActionItem item, string? zone)
    {
        var file = DigestCalendar.Build(item, Context with { TimeZone = zone }, Stamp);

        var calendar = Parse(file.Content);
        Assert.Equal(DigestCalendar.ProductId, calendar.ProductId);
        Assert.Equal("PUBLISH", calendar.Method);
        var component = Assert.Single(calendar.Children.OfType<RecurringComponent>());
        Assert.Equal(file.Uid, component.Uid);
        Assert.Equal(string.IsNullOrEmpty(item.TaskTitle) ? "Actionable Item" : item.TaskTitle, component.Summary);
        Assert.True(component.DtStamp!.IsUtc, shape);
        Assert.Equal(Stamp.UtcDateTime, component.DtStamp.Value);
        if (!string.IsNullOrEmpty(item.TaskDescription))
        {
            Assert.StartsWith(item.TaskDescription.ReplaceLineEndings("\n"), component.Description);
        }

        var validZone = zone is Jerusalem or "America/New_York";
        Assert.Equal(validZone ? [zone!] : [], calendar.TimeZones.Select(timeZone => timeZone.TzId));
        if (component is CalendarEvent { IsAllDay: false } calendarEvent)
        {
            Assert.Equal(validZone ? zone : "UTC", calendarEvent.DtStart!.TzId);
            Assert.Equal(validZone ? zone : "UTC", calendarEvent.DtEnd!.TzId);
            Assert.Equal(DateTime.ParseExact(item.TimestampDeadline!, "yyyy-MM-dd HH:mm:ss", null), calendarEvent.DtEnd.Value);
            Assert.Equal(TimeSpan.FromHours(1), calendarEvent.DtEnd.AsUtc - calendarEvent.DtStart.AsUtc);
        }
    }

    [Fact]
    public void A_timed_deadline_is_the_hour_ending_at_it_in_the_users_zone()
    {
        var file = DigestCalendar.Build(Meeting, Context, Stamp);

        var calendar = Parse(file.Content);
        var timeZone = Assert.Single(calendar.TimeZones);
        Assert.Equal(Jerusalem, timeZone.TzId);
        var calendarEvent = Assert.Single(calendar.Events);
        Assert.Empty(calendar.Todos);
        Assert.Equal(Jerusalem, calendarEvent.DtStart!.TzId);
        Assert.Equal(Jerusalem, calendarEvent.DtEnd!.TzId);
        Assert.Equal(new DateTime(2026, 12, 10, 17, 30, 0), calendarEvent.DtStart.Value);
        Assert.Equal(new DateTime(2026, 12, 10, 18, 30, 0), calendarEvent.DtEnd.Value);
        Assert.Equal(new DateTime(2026, 12, 10, 16, 30, 0, DateTimeKind.Utc), calendarEvent.DtEnd.AsUtc); // IST is +02:00
        Assert.Equal("Parents' meeting", calendarEvent.Summary);
        Assert.Equal(
            "Bring the signed form, a notebook; and a pen.\n\nGroup: Class 3B parents\nDue (from text): Thursday at 18:30",
            calendarEvent.Description);
        Assert.Equal("School hall", calendarEvent.Location);
        Assert.Equal("CONFIRMED", calendarEvent.Status);

        var text = Encoding.UTF8.GetString(file.Content);
        Assert.Contains("\r\nDTSTART;TZID=Asia/Jerusalem:20261210T173000\r\n", text);
        Assert.Contains("\r\nDTEND;TZID=Asia/Jerusalem:20261210T183000\r\n", text);
        Assert.Contains("\r\nDTSTAMP:20261206T100042Z\r\n", text);
        Assert.Contains("\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Jerusalem\r\n", text);
    }

    [Fact]
    public void The_description_labels_follow_the_users_language()
    {
        var file = DigestCalendar.Build(Meeting, Context with { LanguageCode = "he" }, Stamp);

        Assert.EndsWith("\n\nקבוצה: Class 3B parents\nמועד (ממקור הטקסט): Thursday at 18:30", Assert.Single(Parse(file.Content).Events).Description);
    }

    [Theory]
    [InlineData("2026-12-10 12:00:00", null)]
    [InlineData("2026-12-10 12:00:00", true)]
    [InlineData("2026-12-10 18:30:00", true)]
    [InlineData("2026-12-10", null)]
    [InlineData("2026-12-10", false)]
    public void A_date_without_an_hour_is_an_all_day_event(string deadline, bool? allDay)
    {
        var file = DigestCalendar.Build(Meeting with { TimestampDeadline = deadline, AllDay = allDay }, Context, Stamp);

        var calendarEvent = Assert.Single(Parse(file.Content).Events);
        Assert.True(calendarEvent.IsAllDay);
        Assert.False(calendarEvent.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2026, 12, 10), calendarEvent.DtStart.Date);
        Assert.Equal(new DateOnly(2026, 12, 11), calendarEvent.DtEnd!.Date);
        Assert.Contains("\r\nDTSTART;VALUE=DATE:20261210\r\n", Encoding.UTF8.GetString(file.Content));
    }

    [Fact]
    public void Noon_is_kept_when_the_model_says_it_is_not_all_day()
    {
        var file = DigestCalendar.Build(Meeting with { TimestampDeadline = "2026-12-10 12:00:00", AllDay = false }, Context, Stamp);

        var calendarEvent = Assert.Single(Parse(file.Content).Events);
        Assert.False(calendarEvent.IsAllDay);
        Assert.Equal(new DateTime(2026, 12, 10, 11, 0, 0), calendarEvent.DtStart!.Value);
        Assert.Equal(new DateTime(2026, 12, 10, 12, 0, 0), calendarEvent.DtEnd!.Value);
        Assert.Equal(Jerusalem, calendarEvent.DtEnd.TzId);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("next week")]
    [InlineData("2026-13-45 10:00:00")]
    public void An_item_without_a_usable_date_is_a_todo_without_an_invented_date(string? deadline)
    {
        var file = DigestCalendar.Build(Chore with { TimestampDeadline = deadline }, Context, Stamp);

        var calendar = Parse(file.Content);
        Assert.Empty(calendar.Events);
        var todo = Assert.Single(calendar.Todos);
        Assert.Null(todo.Due);
        Assert.Null(todo.DtStart);
        Assert.Equal("NEEDS-ACTION", todo.Status);
        Assert.Equal("Collect money for the teacher's gift", todo.Summary);
        Assert.Equal("Everyone sends 20 NIS to Omer.\n\nGroup: Class 3B parents", todo.Description);
        Assert.Equal(Jerusalem, Assert.Single(calendar.TimeZones).TzId);
        Assert.DoesNotContain("VEVENT", Encoding.UTF8.GetString(file.Content));
    }

    [Fact]
    public void A_cancelled_item_is_marked_cancelled()
    {
        var calendarEvent = Assert.Single(Parse(DigestCalendar.Build(Meeting with { Cancelled = true }, Context, Stamp).Content).Events);
        var todo = Assert.Single(Parse(DigestCalendar.Build(Chore with { Cancelled = true }, Context, Stamp).Content).Todos);

        Assert.Equal("CANCELLED", calendarEvent.Status);
        Assert.Equal("CANCELLED", todo.Status);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Pacific Standard Time")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("UTC")]
    public void An_invalid_or_missing_zone_means_utc(string? zone)
    {
        var file = DigestCalendar.Build(Meeting, Context with { TimeZone = zone }, Stamp);

        var calendar = Parse(file.Content);
        Assert.Empty(calendar.TimeZones);
        var calendarEvent = Assert.Single(calendar.Events);
        Assert.True(calendarEvent.DtEnd!.IsUtc);
        Assert.Equal(new DateTime(2026, 12, 10, 18, 30, 0), calendarEvent.DtEnd.Value);
        Assert.Contains("\r\nDTEND:20261210T183000Z\r\n", Encoding.UTF8.GetString(file.Content));
    }

    [Fact]
    public void Hebrew_text_with_long_lines_survives_folding_intact()
    {
        var title = "אסיפת הורים, כיתה ג'2; חשוב מאוד להגיע בזמן כי מחלקים את התעודות 🎓";
        var file = DigestCalendar.Build(Meeting with { TaskTitle = title, TaskDescription = HebrewDescription }, Context with { LanguageCode = "he" }, Stamp);

        AssertWellFormed(file.Content, "hebrew");
        var lines = Encoding.UTF8.GetString(file.Content).Split("\r\n");
        Assert.Contains(lines, line => line.StartsWith(' ')); // it was folded
        var calendarEvent = Assert.Single(Parse(file.Content).Events);
        Assert.Equal(title, calendarEvent.Summary);
        Assert.Equal(HebrewDescription + "\n\nקבוצה: Class 3B parents\nמועד (ממקור הטקסט): Thursday at 18:30", calendarEvent.Description);
    }

    [Fact]
    public void Commas_semicolons_backslashes_and_newlines_are_escaped_and_read_back()
    {
        var item = Meeting with { TaskTitle = "a,b;c\\d", TaskDescription = "line one\r\nline two, with comma; and semicolon \\ backslash", Location = "Hall 2, room 3; upstairs" };

        var file = DigestCalendar.Build(item, Context, Stamp);

        var text = Encoding.UTF8.GetString(file.Content);
        Assert.Contains("\r\nSUMMARY:a\\,b\\;c\\\\d\r\n", text);
        var calendarEvent = Assert.Single(Parse(file.Content).Events);
        Assert.Equal("a,b;c\\d", calendarEvent.Summary);
        Assert.StartsWith("line one\nline two, with comma; and semicolon \\ backslash\n\n", calendarEvent.Description);
        Assert.Equal("Hall 2, room 3; upstairs", calendarEvent.Location);
    }

    [Fact]
    public void The_same_period_and_answer_give_the_same_uids()
    {
        ActionItem[] answer = [Meeting, Chore];

        var first = DigestCalendar.BuildAll(answer, Context, Stamp);
        var rerun = DigestCalendar.BuildAll(answer.Select(item => item with { }).ToList(), Context, Stamp.AddHours(3));

        Assert.Equal(first.Select(file => file.Uid), rerun.Select(file => file.Uid));
        Assert.All(first, file => Assert.Matches("^[0-9a-f]{32}@mychatimposter$", file.Uid));
        Assert.Equal(first.Select(file => file.Uid), first.Select(file => Assert.Single(Parse(file.Content).Children.OfType<RecurringComponent>()).Uid));
    }

    [Fact]
    public void Different_items_get_different_uids()
    {
        string[] uids =
        [
            DigestCalendar.Uid(Meeting, Context),
            DigestCalendar.Uid(Chore, Context),
            DigestCalendar.Uid(Meeting with { RelevantTaskMessages = [Message("1765000000000", "Dana")] }, Context),
            DigestCalendar.Uid(Meeting with { TimestampDeadline = "2026-12-11 18:30:00" }, Context),
            DigestCalendar.Uid(Meeting, Context with { PeriodEnd = PeriodEnd.AddDays(1) }),
            DigestCalendar.Uid(Meeting, Context with { GroupId = "other@g.us" }),
            DigestCalendar.Uid(Meeting, Context with { UserId = "bob" }),
            DigestCalendar.Uid(new ActionItem { TaskTitle = "Buy milk" }, Context),
            DigestCalendar.Uid(new ActionItem { TaskTitle = "Buy bread" }, Context),
        ];

        Assert.Equal(uids.Length, uids.Distinct().Count());
    }

    [Fact]
    public void A_reworded_item_from_the_same_messages_keeps_its_uid()
    {
        var reworded = Meeting with
        {
            TaskTitle = "Meeting of the parents",
            TaskDescription = "Different words.",
            RelevantTaskMessages = [Message("1765000060000", "Omer", "other"), Message("1765000000000", "Dana", "copy")],
        };

        Assert.Equal(DigestCalendar.Uid(Meeting, Context), DigestCalendar.Uid(reworded, Context));
    }

    [Fact]
    public void Twins_in_one_answer_get_distinct_uids()
    {
        // Two items drawn from the same message with the same deadline must not overwrite each other.
        var twin = Meeting with { TaskTitle = "Bring a cake" };

        var files = DigestCalendar.BuildAll([Meeting, twin, Chore], Context, Stamp);

        Assert.Equal(3, files.Select(file => file.Uid).Distinct().Count());
        Assert.Equal(DigestCalendar.Uid(Meeting, Context), files[0].Uid);
        Assert.Equal(files.Select(file => file.Uid), DigestCalendar.BuildAll([Meeting, twin, Chore], Context, Stamp).Select(file => file.Uid));
    }

    [Theory]
    [InlineData("Parents' meeting", "Parents' meeting.ics")]
    [InlineData("Pay: trip/bus? <now> *|\"\\", "Pay trip bus now.ics")]
    [InlineData("  line\none\t ", "line one.ics")]
    [InlineData("...", "Actionable Item.ics")]
    [InlineData("", "Actionable Item.ics")]
    [InlineData("אסיפת הורים", "אסיפת הורים.ics")]
    public void The_file_name_is_the_sanitised_title(string title, string fileName)
    {
        var file = DigestCalendar.Build(Meeting with { TaskTitle = title }, Context, Stamp);

        Assert.Equal(fileName, file.FileName);
        Assert.Equal("text/calendar", file.MediaType);
    }

    [Fact]
    public void A_long_title_is_cut_to_60_characters_without_splitting_one()
    {
        var title = string.Concat(Enumerable.Repeat("👨‍👩‍👧 טיול ", 20));

        var name = DigestCalendar.Build(Meeting with { TaskTitle = title }, Context, Stamp).FileName;

        Assert.EndsWith(".ics", name);
        Assert.True(name.Length - 4 <= 60);
        Assert.StartsWith(name[..^4], title);
        Assert.True(Encoding.UTF8.GetByteCount(name) > 0 && !char.IsHighSurrogate(name[^5]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("xx")]
    [InlineData("xxx")]
    public void Folding_never_splits_an_emoji_or_a_hebrew_letter(string shift)
    {
        // Ical.Net 5.2.4 alone folds between the halves of a surrogate pair; every offset of the pairs is tried.
        var emoji = "DESCRIPTION:" + shift + string.Concat(Enumerable.Repeat("🎒א", 60));
        var serialised = "BEGIN:VCALENDAR\r\n" + emoji + "\r\nEND:VCALENDAR\r\n";

        var folded = DigestCalendar.Fold(serialised);

        AssertWellFormed(folded, "emoji");
        Assert.Equal(serialised, Unfold(folded));
    }

    [Fact]
    public void An_emoji_at_the_fold_survives_the_round_trip()
    {
        var description = string.Concat(Enumerable.Repeat("🎒", 80));

        var file = DigestCalendar.Build(Chore with { TaskDescription = description }, Context, Stamp);

        AssertWellFormed(file.Content, "emoji");
        Assert.StartsWith(description + "\n\n", Assert.Single(Parse(file.Content).Todos).Description);
    }

    // RFC 5545 §3.1: CRLF after every line, no line longer than 75 octets excluding the CRLF, continuation
    // lines start with a space or tab, and a fold never splits a UTF-8 sequence (each line decodes on its own).
    private static void AssertWellFormed(byte[] content, string shape)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        Assert.False(content.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{shape}: BOM");
        Assert.True(content.AsSpan().EndsWith("\r\n"u8), $"{shape}: no CRLF at the end");
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == (byte)'\n')
            {
                Assert.True(i > 0 && content[i - 1] == (byte)'\r', $"{shape}: bare LF at byte {i}");
            }

            if (content[i] == (byte)'\r')
            {
                Assert.True(i + 1 < content.Length && content[i + 1] == (byte)'\n', $"{shape}: bare CR at byte {i}");
            }
        }

        var start = 0;
        var lineNumber = 0;
        while (start < content.Length)
        {
            var end = content.AsSpan(start).IndexOf("\r\n"u8) + start;
            var line = content.AsSpan(start, end - start);
            lineNumber++;
            Assert.True(line.Length <= 75, $"{shape}: line {lineNumber} has {line.Length} octets");
            Assert.True(line.Length > 0, $"{shape}: empty line {lineNumber}");
            var text = strict.GetString(line); // throws on a split sequence
            Assert.DoesNotContain('\uFFFD', text); // a character lost by splitting it in the string before encoding
            Assert.False(lineNumber == 1 && text != "BEGIN:VCALENDAR", $"{shape}: first line {text}");
            start = end + 2;
        }
    }

    private static string Unfold(byte[] content) =>
        Encoding.UTF8.GetString(content).Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);

    private static Calendar Parse(byte[] content)
    {
        var unfolded = Unfold(content);
        Assert.All(unfolded.Split("\r\n"), line => Assert.DoesNotMatch("^[ \t]", line));
        return Calendar.Load(unfolded)!;
    }
}
