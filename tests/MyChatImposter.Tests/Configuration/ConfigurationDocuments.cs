using System.Text;
using System.Text.Json.Nodes;
using MyChatImposter.Configuration;

namespace MyChatImposter.Tests.Configuration;

// Configuration documents shared by the configuration tests, plus edits addressed by the same dotted
// paths the validator reports ("features.periodic_group_tracking.tracked_groups[0].displayName").
internal static class ConfigurationDocuments
{
    // The shape of the original's testConfigurations/test_config.json (spec/01 §5).
    public const string OriginalExample = """
        {
          "user_id": "test_user",
          "configurations": {
            "chat_provider_config": {
              "provider_name": "dummy",
              "provider_config": {
                "allow_group_messages": false,
                "process_offline_messages": false
              }
            },
            "queue_config": {
              "max_messages": 5,
              "max_characters": 100,
              "max_days": 1,
              "max_characters_single_message": 300
            },
            "context_config": {
              "max_messages": 10,
              "max_characters": 1000,
              "max_days": 1,
              "max_characters_single_message": 300,
              "shared_context": true
            },
            "llm_provider_config": {
              "provider_name": "fakeLlm",
              "provider_config": {
                "model": "fake",
                "temperature": 0.7,
                "response_array": ["This is a canned answer from the fake LLM."]
              }
            }
          },
          "features": {
            "automatic_bot_reply": {
              "enabled": false,
              "respond_to_whitelist": [],
              "respond_to_whitelist_group": [],
              "chat_system_prompt": "You are {user_id}, answering your friends on WhatsApp in your own casual voice."
            },
            "periodic_group_tracking": {
              "enabled": false,
              "tracked_groups": []
            },
            "kid_phone_safety_tracking": {
              "enabled": false
            }
          }
        }
        """;

    // Only the members without defaults, as the original stored documents (sparse PUT bodies).
    public const string SparseOriginal = """
        {
          "user_id": "sparse_user",
          "configurations": {
            "chat_provider_config": { "provider_name": "whatsAppBaileyes", "provider_config": {} },
            "llm_provider_config": { "provider_name": "openAi", "provider_config": { "model": "gpt-4o" } }
          }
        }
        """;

    // The example with every object and list populated, so that every rule has something to reject.
    public static string Complete()
    {
        var document = Parse(OriginalExample);
        Set(document, "configurations.user_details", JsonNode.Parse("""
            { "first_name": "Test", "last_name": "User", "timezone": "Europe/London", "language_code": "en" }
            """));
        Set(document, "features.automatic_bot_reply.respond_to_whitelist", new JsonArray("972500000001@s.whatsapp.net"));
        Set(document, "features.automatic_bot_reply.respond_to_whitelist_group", new JsonArray("120363000000000001@g.us"));
        Set(document, "features.periodic_group_tracking.tracked_groups", JsonNode.Parse("""
            [
              { "groupIdentifier": "120363000000000001@g.us", "cronTrackingSchedule": "0 20 * * *", "displayName": "Family" },
              { "groupIdentifier": "120363000000000002@g.us", "cronTrackingSchedule": "30 7 * * 1-5", "displayName": "School" }
            ]
            """));
        return document.ToJsonString();
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    // The complete document with one value replaced; jsonValue is JSON text ("0", "\"x\"", "null").
    public static string CompleteWith(string path, string jsonValue)
    {
        var document = Parse(Complete());
        Set(document, path, JsonNode.Parse(jsonValue));
        return document.ToJsonString();
    }

    public static string CompleteWithout(string path)
    {
        var document = Parse(Complete());
        var (parent, last) = Locate(document, path);
        if (last.Index is { } index)
        {
            parent.AsArray().RemoveAt(index);
        }
        else
        {
            parent.AsObject().Remove(last.Name!);
        }
        return document.ToJsonString();
    }

    public static UserConfiguration Load(string json) => ConfigurationJson.Deserialize(json);

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static void Set(JsonObject document, string path, JsonNode? value)
    {
        var (parent, last) = Locate(document, path);
        if (last.Index is { } index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[last.Name!] = value;
        }
    }

    private static (JsonNode Parent, Segment Last) Locate(JsonObject document, string path)
    {
        var segments = Segments(path).ToList();
        JsonNode node = document;
        foreach (var segment in segments[..^1])
        {
            node = (segment.Index is { } index ? node.AsArray()[index] : node.AsObject()[segment.Name!])
                ?? throw new ArgumentException($"Nothing at {path}");
        }
        return (node, segments[^1]);
    }

    private static IEnumerable<Segment> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            yield return new Segment(bracket < 0 ? part : part[..bracket], null);
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return new Segment(null, int.Parse(part[(bracket + 1)..close]));
                bracket = part.IndexOf('[', close);
            }
        }
    }

    private sealed record Segment(string? Name, int? Index);
}
