using System.Text.Json.Nodes;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using static MyChatImposter.Tests.ConfigurationDocuments;

namespace MyChatImposter.Tests.Configuration;

public sealed class ConfigurationValidatorTests
{
    private const string Queue = "configurations.queue_config";
    private const string Context = "configurations.context_config";
    private const string Llm = "configurations.llm_provider_config.provider_config";
    private const string Details = "configurations.user_details";
    private const string Reply = "features.automatic_bot_reply";
    private const string Groups = "features.periodic_group_tracking.tracked_groups";

    [Fact]
    public void The_complete_document_is_valid() =>
        Assert.Empty(ConfigurationValidator.Validate(Load(Complete()), new LlmOptions()));

    [Theory]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("\"a b\"", "letters, digits, '_' and '-'")]
    [InlineData("\"../etc\"", "letters, digits, '_' and '-'")]
    [InlineData("\"bob\\n\"", "letters, digits, '_' and '-'")]
    [InlineData("\"h\u00e9llo\"", "letters, digits, '_' and '-'")]
    [InlineData("\"bob@example\"", "letters, digits, '_' and '-'")]
    public void User_ids_outside_the_login_alphabet_are_rejected(string userId, string expected) =>
        AssertSingleError("user_id", userId, expected);

    [Fact]
    public void User_ids_longer_than_64_characters_are_rejected() =>
        AssertSingleError("user_id", Quoted(new string('a', 65)), "at most 64 characters");

    [Theory]
    [InlineData("\"a\"")]
    [InlineData("\"A_b-9\"")]
    [InlineData("\"0123456789012345678901234567890123456789012345678901234567890123\"")]
    public void User_ids_in_the_login_alphabet_pass(string userId) => AssertValid("user_id", userId);

    [Theory]
    [InlineData("configurations.chat_provider_config.provider_name", "\"whatsapp_baileys\"", "whatsAppBaileyes or whatsapp")]
    [InlineData("configurations.chat_provider_config.provider_name", "\"telegram\"", "dummy or sandbox")]
    [InlineData("configurations.chat_provider_config.provider_name", "\"\"", "not a known chat provider")]
    [InlineData("configurations.llm_provider_config.provider_name", "\"gpt\"", "openAi or openai")]
    [InlineData("configurations.llm_provider_config.provider_name", "\"open_ai\"", "fakeLlm or fake")]
    [InlineData("configurations.llm_provider_config.provider_name", "\"\"", "not a known LLM provider")]
    public void Provider_names_that_do_not_resolve_are_rejected_with_the_accepted_names(string path, string name, string expected) =>
        AssertSingleError(path, name, expected);

    [Theory]
    [InlineData("configurations.chat_provider_config.provider_name", "\"WHATSAPP\"")]
    [InlineData("configurations.chat_provider_config.provider_name", "\"Sandbox\"")]
    [InlineData("configurations.llm_provider_config.provider_name", "\"openai\"")]
    [InlineData("configurations.llm_provider_config.provider_name", "\"FAKE\"")]
    public void Provider_aliases_in_any_case_pass(string path, string name) => AssertValid(path, name);

    [Theory]
    [InlineData(Queue + ".max_messages", "0", "between 1 and 1000")]
    [InlineData(Queue + ".max_messages", "-5", "between 1 and 1000")]
    [InlineData(Queue + ".max_messages", "1001", "between 1 and 1000")]
    [InlineData(Queue + ".max_characters", "0", "between 1 and 1000000")]
    [InlineData(Queue + ".max_characters", "1000001", "between 1 and 1000000")]
    [InlineData(Queue + ".max_days", "0", "between 1 and 3650")]
    [InlineData(Queue + ".max_days", "3651", "between 1 and 3650")]
    [InlineData(Queue + ".max_characters_single_message", "0", "between 1 and 65536")]
    [InlineData(Queue + ".max_characters_single_message", "65537", "between 1 and 65536")]
    [InlineData(Context + ".max_messages", "2", "between 3 and 1000")]
    [InlineData(Context + ".max_messages", "1001", "between 3 and 1000")]
    [InlineData(Context + ".max_characters", "0", "between 1 and 1000000")]
    [InlineData(Context + ".max_days", "0", "between 1 and 3650")]
    [InlineData(Context + ".max_characters_single_message", "-1", "between 1 and 65536")]
    [InlineData(Llm + ".temperature", "-0.1", "between 0 and 2")]
    [InlineData(Llm + ".temperature", "2.01", "between 0 and 2")]
    [InlineData(Reply + ".takeover_pause_minutes", "-1", "between 0 and 10080")]
    [InlineData(Reply + ".takeover_pause_minutes", "10081", "between 0 and 10080")]
    [InlineData(Reply + ".draft_expiry_minutes", "0", "between 1 and 10080")]
    [InlineData(Reply + ".draft_expiry_minutes", "10081", "between 1 and 10080")]
    public void Numbers_out_of_range_are_rejected(string path, string value, string expected) =>
        AssertSingleError(path, value, expected);

    [Theory]
    [InlineData(Queue + ".max_messages", "1")]
    [InlineData(Queue + ".max_messages", "1000")]
    [InlineData(Queue + ".max_characters", "1")]
    [InlineData(Queue + ".max_characters", "1000000")]
    [InlineData(Queue + ".max_days", "3650")]
    [InlineData(Queue + ".max_characters_single_message", "65536")]
    [InlineData(Context + ".max_messages", "3")]
    [InlineData(Context + ".max_days", "1")]
    [InlineData(Llm + ".temperature", "0")]
    [InlineData(Llm + ".temperature", "2")]
    [InlineData(Llm + ".seed", "-2147483648")]
    [InlineData(Llm + ".seed", "null")]
    [InlineData(Llm + ".reasoning_effort", "\"minimal\"")]
    [InlineData(Llm + ".reasoning_effort", "\"high\"")]
    [InlineData(Llm + ".reasoning_effort", "null")]
    [InlineData(Reply + ".takeover_pause_minutes", "0")]
    [InlineData(Reply + ".takeover_pause_minutes", "10080")]
    [InlineData(Reply + ".draft_expiry_minutes", "1")]
    [InlineData(Reply + ".reply_mode", "\"approve\"")]
    [InlineData(Reply + ".reply_mode", "\"monitor\"")]
    [InlineData(Reply + ".reply_mode", "\"off\"")]
    public void Numbers_and_choices_at_the_edges_pass(string path, string value) => AssertValid(path, value);

    [Fact]
    public void A_single_message_limit_above_the_total_is_allowed_as_in_the_original_example()
    {
        var configuration = Load(OriginalExample);

        Assert.True(configuration.Configurations.QueueConfig.MaxCharactersSingleMessage
            > configuration.Configurations.QueueConfig.MaxCharacters);
        Assert.Empty(ConfigurationValidator.Validate(configuration, new LlmOptions()));
    }

    [Theory]
    [InlineData("\"Pacific Standard Time\"", "IANA time zone")]
    [InlineData("\"Mars/Olympus_Mons\"", "IANA time zone")]
    [InlineData("\"../../etc/passwd\"", "IANA time zone")]
    [InlineData("\"Local\"", "IANA time zone")]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("\"europe/london\"", "IANA time zone")]
    public void Time_zones_that_are_not_iana_names_are_rejected(string timezone, string expected)
    {
        // Where the host finds "europe/london" anyway, the message names the correct spelling instead.
        var errors = ConfigurationValidator.Validate(Load(CompleteWith(Details + ".timezone", timezone)), new LlmOptions());

        var messages = Assert.Single(errors, error => error.Key == Details + ".timezone").Value;
        Assert.Single(errors);
        Assert.True(messages.Any(message => message.Contains(expected) || message.Contains("Europe/London")),
            string.Join(" ", messages));
    }

    [Theory]
    [InlineData("\"UTC\"")]
    [InlineData("\"Etc/UTC\"")]
    [InlineData("\"Asia/Jerusalem\"")]
    [InlineData("\"Etc/GMT+5\"")]
    [InlineData("\"America/Argentina/Buenos_Aires\"")]
    public void Iana_time_zones_pass(string timezone) => AssertValid(Details + ".timezone", timezone);

    [Theory]
    [InlineData("\"EN\"")]
    [InlineData("\"eng\"")]
    [InlineData("\"english\"")]
    [InlineData("\"e\"")]
    [InlineData("\"pt_BR\"")]
    [InlineData("\"pt-br\"")]
    [InlineData("\"\"")]
    public void Language_codes_that_are_not_iso_639_1_are_rejected(string code) =>
        AssertSingleError(Details + ".language_code", code, "ISO 639-1");

    [Theory]
    [InlineData("\"en\"")]
    [InlineData("\"he\"")]
    [InlineData("\"pt-BR\"")]
    [InlineData("\"zh-Hant\"")]
    public void Language_codes_pass(string code) => AssertValid(Details + ".language_code", code);

    [Theory]
    [InlineData("\"0 0 20 * * *\"", "five-field cron")]
    [InlineData("\"0 20 * *\"", "five-field cron")]
    [InlineData("\"every evening\"", "five-field cron")]
    [InlineData("\"@daily\"", "five-field cron")]
    [InlineData("\"61 * * * *\"", "five-field cron")]
    [InlineData("\"0 24 * * *\"", "five-field cron")]
    [InlineData("\"0 0 30 2 *\"", "never fires")]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("\"   \"", "must not be blank")]
    public void Schedules_that_are_not_five_field_cron_are_rejected(string schedule, string expected) =>
        AssertSingleError(Groups + "[1].cronTrackingSchedule", schedule, expected);

    [Theory]
    [InlineData("\"*/15 * * * *\"")]
    [InlineData("\"0 20 * * 0\"")]
    [InlineData("\"0 20 * * 7\"")]
    [InlineData("\"0 9 29 2 *\"")]
    [InlineData("\"0 8 * * MON-FRI\"")]
    [InlineData("\"0\\t20 * * *\"")]
    public void Five_field_cron_schedules_pass(string schedule) =>
        AssertValid(Groups + "[1].cronTrackingSchedule", schedule);

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public void An_explicit_key_source_needs_a_key(string key)
    {
        var document = Parse(Complete());
        Set(document, Llm + ".api_key_source", JsonValue.Create("explicit"));
        Set(document, Llm + ".api_key", JsonNode.Parse(key));

        var errors = ConfigurationValidator.Validate(Load(document.ToJsonString()), new LlmOptions());

        var messages = Assert.Single(errors, error => error.Key == Llm + ".api_key").Value;
        Assert.Single(errors);
        Assert.Contains("explicit", string.Join(" ", messages));
    }

    [Fact]
    public void An_explicit_key_source_with_a_key_passes()
    {
        var document = Parse(Complete());
        Set(document, Llm + ".api_key_source", JsonValue.Create("explicit"));
        Set(document, Llm + ".api_key", JsonValue.Create("sk-test-0123456789"));

        Assert.Empty(ConfigurationValidator.Validate(Load(document.ToJsonString()), new LlmOptions()));
    }

    [Fact]
    public void The_environment_key_source_needs_no_key() => AssertValid(Llm + ".api_key", "null");

    [Theory]
    [InlineData(Groups + "[1].groupIdentifier", "\"\"", "must not be empty")]
    [InlineData(Groups + "[1].groupIdentifier", "\" \"", "must not be blank")]
    [InlineData(Groups + "[0].displayName", "\"\"", "must not be empty")]
    [InlineData(Groups + "[0].displayName", "\"\\t\"", "must not be blank")]
    [InlineData(Groups + "[1].groupIdentifier", "\"120363000000000001@g.us\"", "repeats tracked_groups[0]")]
    public void Tracked_groups_need_a_unique_identifier_and_a_name(string path, string value, string expected) =>
        AssertSingleError(path, value, expected);

    [Fact]
    public void A_duplicate_group_is_reported_at_every_repetition()
    {
        var document = Parse(Complete());
        var groups = document["features"]!["periodic_group_tracking"]!["tracked_groups"]!.AsArray();
        groups.Add(groups[0]!.DeepClone());
        groups.Add(groups[0]!.DeepClone());

        var errors = ConfigurationValidator.Validate(Load(document.ToJsonString()), new LlmOptions());

        Assert.Equal([Groups + "[2].groupIdentifier", Groups + "[3].groupIdentifier"], errors.Keys.Order());
    }

    public static TheoryData<string, string, string> OversizedValues => new()
    {
        { Details + ".first_name", Quoted(new string('x', 101)), "at most 100 characters" },
        { Details + ".last_name", Quoted(new string('x', 101)), "at most 100 characters" },
        { Llm + ".model", Quoted(new string('m', 201)), "at most 200 characters" },
        { Llm + ".model", "\"\"", "must not be empty" },
        { Llm + ".api_key", Quoted(new string('k', 501)), "at most 500 characters" },
        { Reply + ".chat_system_prompt", Quoted(new string('p', 20_001)), "at most 20000 characters" },
        { Reply + ".respond_to_whitelist[0]", Quoted(new string('1', 201)), "at most 200 characters" },
        { Reply + ".respond_to_whitelist[0]", "\"\"", "must not be empty" },
        { Reply + ".respond_to_whitelist_group[0]", Quoted(new string('1', 201)), "at most 200 characters" },
        { Reply + ".respond_to_whitelist", Array(501, index => Quoted($"9725{index:D8}@s.whatsapp.net")), "at most 500 entries" },
        { Reply + ".respond_to_whitelist_group", Array(501, index => Quoted($"1203{index:D8}@g.us")), "at most 500 entries" },
        { Groups + "[0].groupIdentifier", Quoted(new string('g', 201)), "at most 200 characters" },
        { Groups + "[0].displayName", Quoted(new string('d', 201)), "at most 200 characters" },
        { Groups + "[0].cronTrackingSchedule", Quoted("0 20 * * *" + new string(' ', 100)), "at most 100 characters" },
        { Groups, Array(101, index => $$"""{"groupIdentifier":"g{{index}}","displayName":"Group {{index}}"}"""), "at most 100 entries" },
    };

    [Theory]
    [MemberData(nameof(OversizedValues))]
    public void Oversized_strings_and_lists_are_rejected_with_the_field_named(string path, string value, string expected) =>
        AssertSingleError(path, value, expected);

    [Theory]
    [InlineData(Reply + ".chat_system_prompt", 20_000)]
    [InlineData(Details + ".first_name", 100)]
    [InlineData(Llm + ".model", 200)]
    public void Strings_at_their_cap_pass(string path, int length) => AssertValid(path, Quoted(new string('x', length)));

    [Theory]
    [InlineData("configurations.chat_provider_config.provider_config")]
    [InlineData(Llm)]
    public void Provider_extras_are_capped_at_16_kilobytes(string path)
    {
        var document = Parse(Complete());
        Set(document, path + ".padding", JsonValue.Create(new string('x', 16 * 1024)));

        var errors = ConfigurationValidator.Validate(Load(document.ToJsonString()), new LlmOptions());

        var messages = Assert.Single(errors, error => error.Key == path).Value;
        Assert.Single(errors);
        Assert.Contains("at most 16384", string.Join(" ", messages));
    }

    [Fact]
    public void Provider_extras_under_the_cap_pass()
    {
        var document = Parse(Complete());
        Set(document, Llm + ".response_array", new JsonArray([.. Enumerable.Range(0, 100).Select(index => (JsonNode)$"Answer {index}")]));

        Assert.Empty(ConfigurationValidator.Validate(Load(document.ToJsonString()), new LlmOptions()));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var document = Parse(Complete());
        Set(document, "user_id", JsonValue.Create("not valid"));
        Set(document, Queue + ".max_messages", JsonValue.Create(0));
        Set(document, Details + ".timezone", JsonValue.Create("Nowhere/Special"));
        Set(document, Groups + "[0].cronTrackingSchedule", JsonValue.Create("daily"));

        var errors = ConfigurationValidator.Validate(Load(document.ToJsonString()), new LlmOptions());

        Assert.Equal(
            ["configurations.queue_config.max_messages", "configurations.user_details.timezone",
                Groups + "[0].cronTrackingSchedule", "user_id"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Records_built_in_code_with_nulls_are_reported_instead_of_throwing()
    {
        var configuration = Load(Complete()) with { Configurations = null!, UserId = null! };

        var errors = ConfigurationValidator.Validate(configuration, new LlmOptions());

        Assert.Contains("configurations", errors.Keys);
        Assert.Contains("user_id", errors.Keys);
    }

    [Fact]
    public void A_reply_mode_for_something_that_is_no_whitelist_entry_is_refused_by_its_key()
    {
        var json = JsonNode.Parse(Complete())!;
        var reply = json["features"]!["automatic_bot_reply"]!;
        reply["respond_to_whitelist"] = new JsonArray("+972 50-123-4567");
        reply["respond_to_whitelist_group"] = new JsonArray("Family");
        reply["reply_modes"] = new JsonObject { [" Family "] = "off", ["+972 50-123-4567"] = "approve", ["Dana"] = "monitor" };
        var document = Load(json.ToJsonString());

        var errors = ConfigurationValidator.Validate(document, new LlmOptions());

        var error = Assert.Single(errors);
        Assert.Equal(Reply + ".reply_modes.Dana", error.Key);
        Assert.Contains("not an entry of respond_to_whitelist", string.Join(" ", error.Value), StringComparison.Ordinal);
        Assert.Equal(ReplyMode.Off, document.Features.AutomaticBotReply.ReplyModes[" Family "]);
    }

    [Fact]
    public void A_document_without_reply_settings_means_auto_with_a_thirty_minute_pause()
    {
        var settings = Load(OriginalExample).Features.AutomaticBotReply;

        Assert.Equal((ReplyMode.Auto, 0, 30, 60),
            (settings.ReplyMode, settings.ReplyModes.Count, settings.TakeoverPauseMinutes, settings.DraftExpiryMinutes));
    }

    private static void AssertSingleError(string path, string jsonValue, string expected)
    {
        var errors = ConfigurationValidator.Validate(Load(CompleteWith(path, jsonValue)), new LlmOptions());

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Key);
        Assert.Contains(expected, string.Join(" ", error.Value));
    }

    private static void AssertValid(string path, string jsonValue) =>
        Assert.Empty(ConfigurationValidator.Validate(Load(CompleteWith(path, jsonValue)), new LlmOptions()));

    private static string Quoted(string text) => JsonValue.Create(text).ToJsonString();

    private static string Array(int count, Func<int, string> item) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(item)) + "]";
}
