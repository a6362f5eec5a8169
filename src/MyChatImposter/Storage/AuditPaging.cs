using MyChatImposter.Accounts;

namespace MyChatImposter.Storage;

// The paging rules both audit stores apply to an AuditQuery.
internal static class AuditPaging
{
    // One page is at most this long, whatever the caller asks for.
    public const int MaxLimit = 500;

    public static int Limit(AuditQuery query) => query.Limit >= 1
        ? Math.Min(query.Limit, MaxLimit)
        : throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "An audit query's Limit must be at least 1.");

    public static ArgumentException InvalidBefore(string before) => new(
        $"'{before}' is not an audit event id of this store; page with an Id taken from a previous page.", "query");
}
