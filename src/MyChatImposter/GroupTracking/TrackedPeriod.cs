namespace MyChatImposter.GroupTracking;

public enum PeriodStatus { Processing, Delivered, Empty, Failed }

// One window (PeriodStart exclusive, PeriodEnd inclusive) of one tracked group, with how its processing went.
public sealed record TrackedPeriod(
    string UserId, string GroupId, string DisplayName, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    PeriodStatus Status, int MessageCount, int ItemCount, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Id = "");

// The status as both databases store it and the API shows it.
public static class PeriodStatusText
{
    public const string Processing = "processing";
    public const string Delivered = "delivered";
    public const string Empty = "empty";
    public const string Failed = "failed";

    public static string Format(PeriodStatus status) => status switch
    {
        PeriodStatus.Processing => Processing,
        PeriodStatus.Delivered => Delivered,
        PeriodStatus.Empty => Empty,
        PeriodStatus.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown period status."),
    };

    public static PeriodStatus? Parse(string? text) => text switch
    {
        Processing => PeriodStatus.Processing,
        Delivered => PeriodStatus.Delivered,
        Empty => PeriodStatus.Empty,
        Failed => PeriodStatus.Failed,
        _ => null,
    };
}
