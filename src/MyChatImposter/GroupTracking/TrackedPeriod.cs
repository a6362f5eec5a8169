namespace MyChatImposter.GroupTracking;

public enum PeriodStatus { Processing, Delivered, Empty, Failed }

// One window (PeriodStart exclusive, PeriodEnd inclusive) of one tracked group, with how its processing went.
public sealed record TrackedPeriod(
    string UserId, string GroupId, string DisplayName, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    PeriodStatus Status, int MessageCount, int ItemCount, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Id = "");
