using MyChatImposter.Configuration;
using MyChatImposter.Pages.Bots.Settings;

namespace MyChatImposter.Tests.Pages.Bots.Settings;

// The mapping between each settings form and the document, without a host.
public sealed class SettingsFormsTests
{
    private static readonly UserConfiguration Stored = ConfigurationJson.Deserialize(ConfigurationDocuments.Valid("ann")
        .With("features.automatic_bot_reply.respond_to_whitelist_group", new System.Text.Json.Nodes.JsonArray("Family"))
        .With("features.automatic_bot_reply.reply_modes", new System.Text.Json.Nodes.JsonObject { ["Family"] = "off" })
        .ToJsonString());

    [Fact]
    public void Every_form_read_from_a_document_and_applied_back_leaves_it_unchanged()
    {
        var expected = ConfigurationJson.Serialize(Stored);

        Assert.Equal(expected, ConfigurationJson.Serialize(GeneralForm.FromDocument(Stored).ApplyTo(Stored)));
        Assert.Equal(expected, ConfigurationJson.Serialize(LimitsForm.FromDocument(Stored).ApplyTo(Stored)));
        Assert.Equal(expected, ConfigurationJson.Serialize(ReplyForm.FromDocument(Stored).ApplyTo(Stored)));
        Assert.Equal(expected, ConfigurationJson.Serialize(TrackingForm.FromDocument(Stored).ApplyTo(Stored)));
    }

    [Fact]
    public void A_chat_provider_alias_is_kept_while_the_kind_stays_and_replaced_when_it_changes()
    {
        var form = GeneralForm.FromDocument(Stored);
        Assert.Equal(GeneralForm.Sandbox, form.ChatProvider);
        Assert.Equal("dummy", form.ApplyTo(Stored).Configurations.ChatProviderConfig.ProviderName);

        form.ChatProvider = GeneralForm.WhatsApp;
        Assert.Equal("whatsapp", form.ApplyTo(Stored).Configurations.ChatProviderConfig.ProviderName);
    }

    [Fact]
    public void Whitelist_rows_drop_blanks_trim_entries_and_keep_only_the_modes_given()
    {
        var form = ReplyForm.FromDocument(Stored);
        Assert.Equal(ReplyMode.Off, form.Groups[0].Mode);
        Assert.Null(form.Contacts[0].Mode);
        form.Contacts.AddRange([new ReplyForm.EntryRow(), new ReplyForm.EntryRow { Entry = "  Dana ", Mode = ReplyMode.Approve }]);

        var reply = form.ApplyTo(Stored).Features.AutomaticBotReply;

        Assert.Equal(["+1 555 0100", "Dana"], reply.RespondToWhitelist);
        Assert.Equal(new Dictionary<string, ReplyMode> { ["Family"] = ReplyMode.Off, ["Dana"] = ReplyMode.Approve }, reply.ReplyModes);
    }

    [Fact]
    public void A_document_error_of_a_list_item_is_shown_beside_the_row_it_came_from()
    {
        var form = ReplyForm.FromDocument(Stored);
        form.Contacts.InsertRange(0, [new ReplyForm.EntryRow(), new ReplyForm.EntryRow { Entry = " " }]);
        var fields = form.Fields("Input");

        Assert.Equal("Input.Contacts[2].Entry", fields.FieldOf("features.automatic_bot_reply.respond_to_whitelist[0]"));
        Assert.Equal("Input.Contacts", fields.FieldOf("features.automatic_bot_reply.respond_to_whitelist"));
        Assert.Equal("Input.Groups[0].Entry", fields.FieldOf("features.automatic_bot_reply.respond_to_whitelist_group[0]"));
        Assert.Null(fields.FieldOf("features.automatic_bot_reply.chat_system_prompt"));

        var tracking = TrackingForm.FromDocument(Stored).Fields("Input");
        Assert.Equal("Input.Groups[0].Cron", tracking.FieldOf("features.periodic_group_tracking.tracked_groups[0].cronTrackingSchedule"));
        Assert.Equal("Input.Groups[0].DisplayName", tracking.FieldOf("features.periodic_group_tracking.tracked_groups[0].displayName"));
    }

    [Fact]
    public void The_limits_inputs_take_their_bounds_from_the_documents_ranges()
    {
        Assert.Equal((1, 1000), LimitsForm.Bounds(nameof(LimitsForm.QueueMaxMessages)));
        Assert.Equal((3, 1000), LimitsForm.Bounds(nameof(LimitsForm.ContextMaxMessages)));
        Assert.Equal((1, 3650), LimitsForm.Bounds(nameof(LimitsForm.ContextMaxDays)));
    }

    [Theory]
    [InlineData("add:tracked", 3, "a,b,")]
    [InlineData("pick:tracked", 2, "a,b")]
    [InlineData("remove:tracked:0", 1, "b")]
    [InlineData("up:tracked:1", 2, "b,a")]
    [InlineData("down:tracked:0", 2, "b,a")]
    public void Row_edits_change_the_rows_without_touching_the_document(string edit, int count, string ids)
    {
        var form = new TrackingForm { Groups = [new() { GroupId = "a" }, new() { GroupId = "b" }] };

        Assert.True(form.Edit(RowEdit.Parse(edit)!, picked: null));

        Assert.Equal(count, form.Groups.Count);
        Assert.Equal(ids, string.Join(",", form.Groups.Select(row => row.GroupId)));
    }

    [Fact]
    public void A_picked_value_fills_the_first_trailing_blank_row_and_unknown_edits_are_refused()
    {
        var form = new TrackingForm { Groups = [new() { GroupId = "a" }, new(), new()] };

        Assert.True(form.Edit(RowEdit.Parse("pick:tracked")!, "work@g.us"));
        Assert.Equal(["a", "work@g.us", null], form.Groups.Select(row => row.GroupId));
        Assert.False(form.Edit(RowEdit.Parse("remove:tracked:9")!, null));
        Assert.False(form.Edit(RowEdit.Parse("add:contacts")!, null));
        Assert.Null(RowEdit.Parse("explode:tracked"));
        Assert.Null(RowEdit.Parse("up:tracked:x"));
    }
}
