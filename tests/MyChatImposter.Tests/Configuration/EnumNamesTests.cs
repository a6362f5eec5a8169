using System.Text.Json.Serialization;
using MyChatImposter.Configuration;
using MyChatImposter.Accounts;
using MyChatImposter.Delivery;
using MyChatImposter.GroupTracking;
using MyChatImposter.OwnerControl;
using MyChatImposter.Pipeline;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Configuration;

// The names are stored in databases and shown by the API: they must never change with a rename in code.
public sealed class EnumNamesTests
{
    [Fact]
    public void Every_stored_name_is_the_one_rows_were_written_with()
    {
        Assert.Equal(["active", "holding", "failed", "sent", "withdrawn"], Names<DeliveryState>());
        Assert.Equal(["pending", "approved", "replaced", "rejected", "expired", "superseded", "withdrawn", "monitored"], Names<DraftState>());
        Assert.Equal(
            ["replied", "drafted", "monitored", "approved", "replaced", "rejected", "expired", "superseded", "withdrawn", "taken_over", "handed_back"],
            Names<ReplyEventKind>());
        Assert.Equal(["pending", "delivered", "failed"], Names<WebhookDeliveryState>());
        Assert.Equal(["auto", "approve", "monitor", "off"], Names<ReplyMode>());
        Assert.Equal(["user", "admin"], Names<AccountRole>());
        Assert.Equal(["user", "bot", "user_outgoing"], Names<MessageSource>());
        Assert.Equal(["processing", "delivered", "empty", "failed"], Names<PeriodStatus>());
    }

    [Fact]
    public void A_name_reads_back_as_its_value_and_nothing_else_reads()
    {
        foreach (var state in Enum.GetValues<DraftState>())
        {
            Assert.Equal(state, EnumNames<DraftState>.Parse(EnumNames<DraftState>.Name(state)));
        }
        Assert.True(EnumNames<ReplyEventKind>.TryParse("taken_over", out var kind));
        Assert.Equal(ReplyEventKind.TakenOver, kind);

        Assert.False(EnumNames<DeliveryState>.TryParse("Active", out _));
        Assert.False(EnumNames<DeliveryState>.TryParse(null, out _));
        var damaged = Assert.Throws<FormatException>(() => EnumNames<WebhookDeliveryState>.Parse("lost"));
        Assert.Equal("'lost' is not one of the WebhookDeliveryState names.", damaged.Message);
    }

    [Fact]
    public void A_declared_name_wins_over_the_snake_case_one()
    {
        Assert.Equal("first_value", EnumNames<Declared>.Name(Declared.FirstValue));
        Assert.Equal("kept", EnumNames<Declared>.Name(Declared.Renamed));
        Assert.Equal(Declared.Renamed, EnumNames<Declared>.Parse("kept"));
        Assert.False(EnumNames<Declared>.TryParse("renamed", out _));
    }

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(EnumNames<TEnum>.Name)];

    private enum Declared
    {
        FirstValue,
        [JsonStringEnumMemberName("kept")] Renamed,
    }
}
