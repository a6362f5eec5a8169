using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

public sealed class SqliteTimestampTests
{
    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1),
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(-1),
        // Later local time, earlier instant, and the reverse.
        new(2026, 3, 1, 13, 30, 0, TimeSpan.FromHours(5)),
        new(2026, 3, 1, 6, 59, 59, TimeSpan.FromHours(-6)),
        new(2026, 3, 1, 11, 59, 59, 999, TimeSpan.Zero),
        new(1999, 12, 31, 23, 59, 59, TimeSpan.Zero),
        new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new(2025, 12, 31, 23, 0, 0, TimeSpan.FromHours(-2)),
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    ];

    [Fact]
    public void Text_order_is_time_order()
    {
        var byText = Instants.OrderBy(SqliteTimestamp.Format, StringComparer.Ordinal);
        var byTime = Instants.OrderBy(i => i.UtcTicks);

        Assert.Equal(byTime.Select(i => i.UtcTicks), byText.Select(i => i.UtcTicks));
    }

    [Fact]
    public void Parse_reads_back_the_same_instant_in_utc()
    {
        Assert.All(Instants, instant =>
        {
            var read = SqliteTimestamp.Parse(SqliteTimestamp.Format(instant));
            Assert.Equal(instant.UtcTicks, read.UtcTicks);
            Assert.Equal(TimeSpan.Zero, read.Offset);
        });
    }

    [Fact]
    public void Format_is_fixed_width_utc() =>
        Assert.Equal(
            "2026-03-01T06:00:00.0000001Z",
            SqliteTimestamp.Format(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(6)).AddTicks(1)));
}
