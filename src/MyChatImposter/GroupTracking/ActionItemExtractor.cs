using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace MyChatImposter.GroupTracking;

// Items, or why there are none: Problem set means the extraction failed (the period is retried later),
// an empty list means the model found nothing to do.
public sealed record Extraction(IReadOnlyList<ActionItem>? Items, string? Problem);

// Asks the user's LLM for the action items of one period of a group (spec/05 §4): the thread as a JSON array
// of {when, sender, content} in the user's zone, the item shape of the original (so its prompts, evals and
// the fake provider's canned answers keep working), structured output where the provider supports it. An
// answer that is not a valid item array is asked for again, up to three times in all.
// The LLM client factory is looked up per extraction, as auto-reply does: a host without one still starts, and
// only the periods it cannot process say so.
public sealed partial class ActionItemExtractor(
    IServiceProvider services, IOptions<GroupTrackingOptions> options, ILogger<ActionItemExtractor> logger)
{
    private const int Attempts = 3;

    private static readonly JsonSerializerOptions ThreadJson = new()
    {
        WriteIndented = true,
        // Hebrew and emoji stay readable to the model, as the original's ensure_ascii=False.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<Extraction> ExtractAsync(
        string userId, UserConfiguration configuration, TrackedGroup group, TimeZoneInfo zone, IReadOnlyList<ArchivedMessage> messages,
        CancellationToken cancellationToken)
    {
        if (services.GetService<ILlmClientFactory>() is not { } llm)
        {
            return new(null, "Group tracking needs an LLM client, and this host has none.");
        }
        IChatClient client;
        try
        {
            client = llm.Create(userId, configuration.Configurations.LlmProviderConfig);
        }
        catch (LlmConfigurationException invalid)
        {
            return new(null, $"The LLM settings cannot be used: {invalid.Message}");
        }
        var system = SystemPrompt(configuration.Configurations.UserDetails.LanguageCode);
        var items = new List<ActionItem>();
        // A long thread goes in parts that fit the prompt budget; the items of all parts make the period's digest.
        foreach (var part in Parts(messages, zone, options.Value.MaxPromptCharacters))
        {
            var (partItems, problem) = await ExtractPartAsync(client, userId, group, system, part, cancellationToken);
            if (partItems is null)
            {
                return new(null, problem);
            }
            items.AddRange(partItems);
        }
        return new(items, null);
    }

    private async Task<(IReadOnlyList<ActionItem>? Items, string? Problem)> ExtractPartAsync(
        IChatClient client, string userId, TrackedGroup group, string system, string thread, CancellationToken cancellationToken)
    {
        var prompt = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, thread) };
        var chatOptions = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(ItemsSchema, "action_items") };
        string? problem = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            string text;
            try
            {
                text = (await client.GetResponseAsync(prompt, chatOptions, cancellationToken)).Text;
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The client already retried transient failures; this one is the period's failure.
                return (null, $"The LLM call failed: {ErrorText.Of(error)}");
            }
            var answer = ActionItemAnswerParser.Parse(text);
            if (answer.IsValid)
            {
                return (answer.Items, null);
            }
            problem = $"The model's answer was not a list of action items ({answer.Failure}).";
            LogInvalidAnswer(logger, userId, group.GroupIdentifier, attempt, answer.Failure);
        }
        return (null, problem);
    }

    // The thread in consecutive parts of at most maxCharacters each (a single longer message is a part alone).
    internal static IEnumerable<string> Parts(IReadOnlyList<ArchivedMessage> messages, TimeZoneInfo zone, int maxCharacters)
    {
        var part = new List<ArchivedMessage>();
        var size = 0;
        foreach (var message in messages)
        {
            var cost = message.Content.Length + (message.Sender.DisplayName?.Length ?? 7) + 80;
            if (part.Count > 0 && size + cost > maxCharacters)
            {
                yield return Thread(part, zone);
                part = [];
                size = 0;
            }
            part.Add(message);
            size += cost;
        }
        if (part.Count > 0)
        {
            yield return Thread(part, zone);
        }
    }

    // The period's messages as the model reads them: local time, sender's name, text.
    internal static string Thread(IReadOnlyList<ArchivedMessage> messages, TimeZoneInfo zone)
    {
        var thread = new JsonArray();
        foreach (var message in messages)
        {
            var when = TimeZoneInfo.ConvertTime(message.OriginatingTime ?? message.AcceptedTime, zone);
            thread.Add(new JsonObject
            {
                ["when"] = when.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                ["sender"] = message.Source == MessageSource.Bot ? "Bot" : message.Sender.DisplayName ?? "Unknown",
                ["content"] = message.Content,
            });
        }
        return thread.ToJsonString(ThreadJson);
    }

    internal static string SystemPrompt(string languageCode)
    {
        var language = LanguageName(languageCode);
        return $$"""
            You read a thread of messages from a group chat and extract every actionable item in it: tasks someone must do,
            events to attend, things to bring or prepare, and cancellations. Summarise each one.
            Write task_title and task_description in {{language}} (language code {{languageCode}}).
            An important event is an item even without a deadline. A cancelled task or event is an item too; when a new date
            is proposed for it, the cancellation and the new date are one item.
            For each item return:
            - relevant_task_messages: the messages that matter for it, each {"originating_time", "sender", "content"} copied
              exactly from the thread ("when" as originating_time);
            - text_deadline: the deadline or date exactly as the sender wrote it, or "" when there is none;
            - timestamp_deadline: that deadline as an absolute local time "yyyy-mm-dd hh:mm:ss" (24 h), resolving relative
              expressions ("tomorrow", "next Sunday") against the time of the message that contained them; 12:00:00 when no
              hour is given; "" when there is no deadline;
            - task_title: a short title;
            - task_description: everything needed to act on it, gathered from all related messages, without embellishment:
              what to prepare, every person involved with their name spelled exactly as in the messages, and at the end the
              deadline as the full weekday name in {{language}}, dd/mm/yyyy and the 24 h time when known (check that the
              weekday matches the date);
            - optionally all_day (true when the item is for a whole day), location, kind ("task" or "event") and cancelled.
            Answer with a JSON object {"items": [...]} holding the items, or {"items": []} when there are none; nothing else.
            """;
    }

    // The English name of the language ("Hebrew" for he), or the code itself when it is not one .NET knows.
    internal static string LanguageName(string code)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(code);
            return string.IsNullOrEmpty(culture.EnglishName) || culture.EnglishName.StartsWith("Unknown", StringComparison.Ordinal)
                ? code
                : culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    private static readonly JsonElement ItemsSchema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "items": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "relevant_task_messages": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": { "originating_time": { "type": "string" }, "sender": { "type": "string" }, "content": { "type": "string" } },
                      "required": ["originating_time", "sender", "content"],
                      "additionalProperties": false
                    }
                  },
                  "text_deadline": { "type": "string" },
                  "timestamp_deadline": { "type": "string" },
                  "task_title": { "type": "string" },
                  "task_description": { "type": "string" },
                  "all_day": { "type": "boolean" },
                  "location": { "type": "string" },
                  "kind": { "type": "string", "enum": ["task", "event"] },
                  "cancelled": { "type": "boolean" }
                },
                "required": ["relevant_task_messages", "text_deadline", "timestamp_deadline", "task_title", "task_description",
                             "all_day", "location", "kind", "cancelled"],
                "additionalProperties": false
              }
            }
          },
          "required": ["items"],
          "additionalProperties": false
        }
        """).RootElement.Clone();

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Group tracking of {UserId}: the model's answer for {GroupId} was not a list of action items (attempt {Attempt}: {Problem})")]
    private static partial void LogInvalidAnswer(ILogger logger, string userId, string groupId, int attempt, string? problem);
}
