using MyChatImposter.Api;

namespace MyChatImposter.Pages.Audit;

// The audit log, administrators only: newest first, filtered by a GET form (nothing changes, so no
// antiforgery token), paged to older rows by the last row's id. The filters are read as text and checked
// here, so a hand-edited URL gets a message beside the field rather than an error page.
[Authorize(Policy = ApiPolicies.Admin)]
public sealed class IndexModel(IAuditLogStore store) : PageModel
{
    public const int DefaultPageSize = 100;

    // What <input type="datetime-local"> sends, with or without seconds.
    private static readonly string[] DateTimeLocalFormats =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    [BindProperty(SupportsGet = true, Name = "event")]
    public string? EventType { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "size")]
    public string? Size { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public string? Before { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    // The id to page from for older rows; null on the last page.
    public string? OlderBefore { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (EventType is { Length: > 0 } && !AuditEvents.All.Contains(EventType))
        {
            ModelState.AddModelError(nameof(EventType), "Choose an event type from the list.");
        }
        var from = ReadUtc(From, nameof(From));
        var to = ReadUtc(To, nameof(To));
        if (from > to)
        {
            ModelState.AddModelError(nameof(To), "The end lies before the start.");
        }
        var size = DefaultPageSize;
        if (Size is { Length: > 0 } && (!int.TryParse(Size, NumberStyles.None, CultureInfo.InvariantCulture, out size)
            || size is < 1 or > AuditApi.MaxPageSize))
        {
            ModelState.AddModelError(nameof(Size), $"Choose a page size from 1 to {AuditApi.MaxPageSize}.");
        }
        if (!ModelState.IsValid)
        {
            return;
        }

        var query = new AuditQuery(
            EventType is { Length: > 0 } ? EventType : null,
            string.IsNullOrWhiteSpace(UserId) ? null : UserId.Trim(),
            from, to, Before is { Length: > 0 } ? Before : null, size);
        try
        {
            Events = await store.QueryAsync(query, cancellationToken);
        }
        catch (ArgumentException)
        {
            // The store refuses a "before" that is not one of its ids (a hand-edited paging link).
            ModelState.AddModelError(string.Empty, "The paging position is not valid; start again from the newest events.");
            return;
        }
        OlderBefore = Events.Count == size ? Events[^1].Id : null;
    }

    // The filter's query string with another "before": the paging links keep every other filter.
    public Dictionary<string, string> RouteValuesBefore(string? before)
    {
        var values = new Dictionary<string, string>();
        Add("event", EventType);
        Add("user", UserId);
        Add("from", From);
        Add("to", To);
        Add("size", Size);
        Add("before", before);
        return values;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[name] = value;
            }
        }
    }

    // The inputs carry no zone; they are read as UTC, the zone the table shows.
    private DateTimeOffset? ReadUtc(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (DateTime.TryParseExact(text, DateTimeLocalFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return new DateTimeOffset(value, TimeSpan.Zero);
        }
        ModelState.AddModelError(field, "Enter a date and time such as 2026-05-01T14:30 (UTC).");
        return null;
    }
}
