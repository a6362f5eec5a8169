namespace MyChatImposter.Storage;

// The paging rules both audit stores apply to an AuditQuery.
internal static class AuditPaging
{
    public const int MaxLimit = 500;

    // Refused outside 1..MaxLimit, as every store's page is: a clamp would hide the caller's mistake behind a
    // short page.
    public static int Limit(AuditQuery query)
    {
        PageLimit.Check(query.Limit, MaxLimit);
        return query.Limit;
    }

    public static ArgumentException InvalidBefore(string before) => new(
        $"'{before}' is not an audit event id of this store; page with an Id taken from a previous page.", "query");
}
