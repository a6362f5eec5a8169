using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Calendar = Ical.Net.Calendar;

namespace MyChatImposter.GroupTracking;

// Whose digest and which period an item's calendar belongs to. TimeZone is the user's IANA zone, in which the
// model wrote timestamp_deadline; an invalid or missing zone means UTC (as the extraction itself does).
public sealed record DigestCalendarContext(
    string UserId,
    string GroupId,
    string? GroupDisplayName,
    DateTimeOffset PeriodEnd,
    string? TimeZone,
    string? LanguageCode);

// An item's calendar as the document to send: UTF-8 bytes of one VCALENDAR.
public sealed record DigestCalendarFile(string FileName, byte[] Content, string Uid)
{
    public string MediaType => DigestCalendar.MediaType;
}

// One RFC 5545 calendar per action item, built with Ical.Net (spec/05 §6 "Recommended", spec/14 §32, issue 13):
//
// 1. An item whose timestamp_deadline parses ("yyyy-MM-dd HH:mm:ss", also without seconds, with a 'T', or a
//    bare date) is a VEVENT:
//    - all-day (DTSTART;VALUE=DATE, DTEND the next day) when all_day is true, when the deadline is a bare
//      date, or when all_day is not given and the time is exactly 12:00:00 — the prompt tells the model to
//      write 12:00:00 when the messages give no hour, so a noon slot would be invented; a model that means
//      noon says all_day: false. The date is right either way, and the card still shows the wording;
//    - otherwise the hour ending at the deadline, as the original, with TZID = the user's zone.
// 2. An item without a usable deadline is a VTODO without DUE: no invented event date (the original made an
//    event 24 h after processing, in server time).
// 3. STATUS: CANCELLED when the item says so, else CONFIRMED (event) or NEEDS-ACTION (to-do).
// 4. The UID is stable per item (see Uid), so a re-run of the period or a re-delivery updates the calendar
//    entry rather than adding a second one.
// 5. Bytes: UTF-8 without BOM, CRLF, lines folded at 75 octets. Ical.Net 5.2.4 writes CRLF and counts octets
//    when it folds, but it folds between the two halves of a surrogate pair (an emoji), which UTF-8 encoding
//    then turns into two U+FFFD; so its folds are undone and the lines folded again here, between code points.
public static class DigestCalendar
{
    public const string ProductId = "-//MyChatImposter//GroupTracking//EN";
    public const string MediaType = "text/calendar";
    public const string UidDomain = "mychatimposter";

    private const string DefaultTitle = "Actionable Item";
    private const int FileNameMaxLength = 60;
    private static readonly string[] DeadlineFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"];

    // The calendars of one answer's items, in order. Items of the same answer that share an identity (the
    // same messages and deadline) get distinct UIDs by their rank among those twins, so none overwrites another.
    public static IReadOnlyList<DigestCalendarFile> BuildAll(IReadOnlyList<ActionItem> items, DigestCalendarContext context, DateTimeOffset stamp)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = new List<DigestCalendarFile>(items.Count);
        foreach (var item in items)
        {
            var identity = IdentityOf(item);
            var twin = seen.TryGetValue(identity, out var count) ? count : 0;
            seen[identity] = twin + 1;
            files.Add(Build(item, context, stamp, twin));
        }

        return files;
    }

    // stamp is the DTSTAMP (now); twin separates items of one answer with the same identity (BuildAll).
    public static DigestCalendarFile Build(ActionItem item, DigestCalendarContext context, DateTimeOffset stamp, int twin = 0)
    {
        var zone = ZoneOf(context.TimeZone);
        var uid = Uid(item, context, twin);
        var title = string.IsNullOrWhiteSpace(item.TaskTitle) ? DefaultTitle : item.TaskTitle.Trim();
        var description = DescriptionOf(item, context);
        var cancelled = item.Cancelled == true;
        var deadline = DeadlineOf(item);

        var calendar = new Calendar { ProductId = ProductId, Method = "PUBLISH" };
        if (zone != CalDateTime.UtcTzId)
        {
            // Rules from a year before the item on: enough for any calendar to place it, and short.
            var around = deadline?.Value ?? TimeZoneInfo.ConvertTime(context.PeriodEnd, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;
            calendar.AddTimeZone(zone, around.AddYears(-1), includeHistoricalData: false);
        }

        var dtStamp = new CalDateTime(stamp.UtcDateTime, CalDateTime.UtcTzId);
        var location = string.IsNullOrWhiteSpace(item.Location) ? null : item.Location.Trim();
        // What an event (an item with a deadline) and a to-do (one without) say alike.
        T Described<T>(T component) where T : RecurringComponent
        {
            component.Uid = uid;
            component.DtStamp = dtStamp;
            component.Summary = title;
            component.Description = description;
            return component;
        }
        if (deadline is { } due)
        {
            var calendarEvent = Described(new CalendarEvent
            {
                Location = location,
                Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            });
            if (due.AllDay)
            {
                calendarEvent.DtStart = new CalDateTime(DateOnly.FromDateTime(due.Value));
                calendarEvent.DtEnd = calendarEvent.DtStart.AddDays(1);
            }
            else
            {
                calendarEvent.DtEnd = new CalDateTime(due.Value, zone);
                calendarEvent.DtStart = new CalDateTime(due.Value.AddHours(-1), zone);
            }

            calendar.Events.Add(calendarEvent);
        }
        else
        {
            calendar.Todos.Add(Described(new Todo
            {
                Location = location,
                Status = cancelled ? TodoStatus.Cancelled : TodoStatus.NeedsAction,
            }));
        }

        var text = new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net serialised the calendar to nothing.");
        return new DigestCalendarFile(FileNameOf(title), Fold(text), uid);
    }

    // RFC 5545 §3.1: content lines of at most 75 octets plus CRLF; a longer line continues on lines that start
    // with one space. Text values are escaped, so every CRLF followed by a space in the serialiser's output is
    // one of its folds.
    internal static byte[] Fold(string serialised)
    {
        const int MaxOctets = 75;
        var unfolded = serialised.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        var output = new List<byte>(unfolded.Length * 2);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var line in unfolded.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                var size = rune.EncodeToUtf8(buffer);
                if (octets + size > MaxOctets)
                {
                    output.AddRange("\r\n "u8);
                    octets = 1;
                }

                output.AddRange(buffer[..size]);
                octets += size;
            }

            output.AddRange("\r\n"u8);
        }

        return [.. output];
    }

    // "<first 32 hex digits of SHA-256>@mychatimposter" over, as a JSON array: a version, the user, the group,
    // the period's end (ms), the item's identity and its twin rank. The identity is what the model copied
    // from the thread — each relevant message's originating_time and sender, sorted — or, when it quoted
    // none, the title; with the deadline as written. So the same period with the same answer gives the same
    // UIDs, and rewording of a title or description by the model does not change a message-based UID.
    public static string Uid(ActionItem item, DigestCalendarContext context, int twin = 0)
    {
        string[] parts =
        [
            "v1", context.UserId, context.GroupId,
            context.PeriodEnd.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            IdentityOf(item), twin.ToString(CultureInfo.InvariantCulture),
        ];
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parts));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "@" + UidDomain;
    }

    internal static string IdentityOf(ActionItem item)
    {
        var messages = (item.RelevantTaskMessages ?? [])
            .Where(message => !string.IsNullOrEmpty(message.OriginatingTime) || !string.IsNullOrEmpty(message.Sender))
            .Select(message => JsonSerializer.Serialize(new[] { message.OriginatingTime ?? "", message.Sender ?? "" }))
            .Order(StringComparer.Ordinal)
            .ToList();
        var what = messages.Count > 0 ? "m:" + string.Join(",", messages) : "t:" + (item.TaskTitle ?? "").Trim();
        return JsonSerializer.Serialize(new[] { what, (item.TimestampDeadline ?? "").Trim() });
    }

    internal readonly record struct Deadline(DateTime Value, bool AllDay);

    internal static Deadline? DeadlineOf(ActionItem item)
    {
        var text = item.TimestampDeadline?.Trim();
        if (string.IsNullOrEmpty(text)
            || !DateTime.TryParseExact(text, DeadlineFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return null;
        }

        var dateOnly = text.Length == "yyyy-MM-dd".Length;
        var allDay = item.AllDay ?? (dateOnly || value.TimeOfDay == TimeSpan.FromHours(12));
        return new Deadline(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), allDay || dateOnly);
    }

    // The user's IANA zone as the host spells it, or UTC when it is not one (or Ical.Net's time-zone data,
    // NodaTime's, lacks it, which a host with newer tzdata could meet).
    internal static string ZoneOf(string? timeZone)
    {
        if (timeZone is null || IanaTimeZone.CanonicalId(timeZone.Trim()) is not { } id || id is "UTC" or "Etc/UTC")
        {
            return CalDateTime.UtcTzId;
        }

        try
        {
            VTimeZone.FromDateTimeZone(id);
            return id;
        }
        catch (ArgumentException)
        {
            return CalDateTime.UtcTzId;
        }
    }

    // The description, then the group and the deadline's wording, in the user's language.
    private static string? DescriptionOf(ActionItem item, DigestCalendarContext context)
    {
        var labels = DigestCardLabels.For(context.LanguageCode);
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(item.TaskDescription))
        {
            parts.Add(item.TaskDescription.Trim());
        }

        var details = new List<string>();
        if (!string.IsNullOrWhiteSpace(context.GroupDisplayName))
        {
            details.Add($"{labels.Group}: {context.GroupDisplayName.Trim()}");
        }

        if (!string.IsNullOrWhiteSpace(item.TextDeadline))
        {
            details.Add($"{labels.DeadlineText}: {item.TextDeadline.Trim()}");
        }

        if (details.Count > 0)
        {
            parts.Add(string.Join('\n', details));
        }

        return parts.Count == 0 ? null : string.Join("\n\n", parts).ReplaceLineEndings("\n");
    }

    // The title as a file name any phone accepts: no path or reserved characters, no control characters,
    // spaces collapsed, at most 60 characters without cutting one in half.
    internal static string FileNameOf(string title)
    {
        var builder = new StringBuilder();
        var space = false;
        foreach (var rune in title.EnumerateRunes())
        {
            var reserved = Rune.IsControl(rune) || rune.Value is '<' or '>' or ':' or '"' or '/' or '\\' or '|' or '?' or '*';
            if (reserved || Rune.IsWhiteSpace(rune))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(rune.ToString());
        }

        var name = builder.ToString().Trim('.', ' ');
        if (name.Length > FileNameMaxLength)
        {
            var length = 0;
            while (length < name.Length && length + StringInfo.GetNextTextElementLength(name, length) is var next && next <= FileNameMaxLength)
            {
                length = next;
            }

            name = name[..length].TrimEnd('.', ' ');
        }

        return (name.Length == 0 ? DefaultTitle : name) + ".ics";
    }
}
