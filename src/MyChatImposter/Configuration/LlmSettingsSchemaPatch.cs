using System.Text.Json.Nodes;

namespace MyChatImposter.Configuration;

// The two post-processing patches of spec/01 §3, which the form generator relies on:
// 1. llm_provider_config.provider_config becomes a oneOf of "API Key From Environment" and
//    "API Key From User Input", so the key field appears only when the user chooses to type one;
// 2. nullable choices (reasoning_effort, seed) become an anyOf of a "Defined" and an "Undefined" option.
// Unlike the original, both branches keep `required: [model]`: the backend requires a model, and a form that
// lets it be left out only produces a save error later (spec/14 #35).
internal static class LlmSettingsSchemaPatch
{
    private const string Source = "api_key_source";
    private const string Key = "api_key";

    public static void Apply(JsonObject schema)
    {
        var llm = Child(schema, "configurations", "llm_provider_config");
        var settings = Child(llm, "provider_config");
        var properties = (JsonObject)settings["properties"]!;

        SplitNullable(properties, "reasoning_effort", definedDefault: "minimal");
        SplitNullable(properties, "seed", definedDefault: null);

        var required = ((JsonArray?)settings["required"])?.Select(name => (string)name!).ToArray() ?? [];
        var fromEnvironment = Branch("API Key From Environment", "environment", properties, key: null, required);
        var fromUser = Branch("API Key From User Input", "explicit", properties, KeyFromUser(properties), [Source, Key, .. required]);

        var replacement = new JsonObject();
        foreach (var annotation in new[] { "title", "description" })
        {
            if (settings[annotation] is { } value)
            {
                replacement[annotation] = value.DeepClone();
            }
        }
        replacement["oneOf"] = new JsonArray(fromEnvironment, fromUser);
        ((JsonObject)llm["properties"]!)["provider_config"] = replacement;
    }

    private static JsonObject Branch(string title, string source, JsonObject properties, JsonObject? key, IEnumerable<string> required)
    {
        var branchProperties = new JsonObject
        {
            [Source] = new JsonObject
            {
                ["title"] = properties[Source]?["title"]?.DeepClone(),
                ["const"] = source,
                ["default"] = source,
            },
        };
        if (key is not null)
        {
            branchProperties[Key] = key;
        }
        foreach (var (name, value) in properties)
        {
            if (name is not (Source or Key))
            {
                branchProperties[name] = value?.DeepClone();
            }
        }
        return new JsonObject
        {
            ["title"] = title,
            ["type"] = "object",
            ["properties"] = branchProperties,
            ["required"] = new JsonArray([.. required.Select(name => (JsonNode)name)]),
        };
    }

    // In the user-input branch the key is a non-empty string, never null.
    private static JsonObject KeyFromUser(JsonObject properties)
    {
        var key = (JsonObject)properties[Key]!.DeepClone();
        key["type"] = "string";
        key["minLength"] = 1;
        key.Remove("default");
        return key;
    }

    // {"enum": [..., null]} or {"type": ["integer", "null"]} -> anyOf [Defined, Undefined].
    private static void SplitNullable(JsonObject properties, string name, string? definedDefault)
    {
        var property = (JsonObject)properties[name]!;
        var defined = new JsonObject { ["title"] = "Defined" };
        if (property["enum"] is JsonArray values)
        {
            defined["type"] = "string";
            defined["enum"] = new JsonArray([.. values.Where(value => value is not null).Select(value => value!.DeepClone())]);
        }
        else if (property["type"] is JsonArray types)
        {
            defined["type"] = types.Select(type => (string)type!).Single(type => type != "null");
        }
        if (definedDefault is not null)
        {
            defined["default"] = definedDefault;
        }

        var split = new JsonObject();
        foreach (var annotation in new[] { "title", "description", "default" })
        {
            if (property.TryGetPropertyValue(annotation, out var value))
            {
                split[annotation] = value?.DeepClone();
            }
        }
        split["anyOf"] = new JsonArray(defined, new JsonObject { ["title"] = "Undefined", ["type"] = "null" });
        properties[name] = split;
    }

    private static JsonObject Child(JsonObject schema, params string[] names)
    {
        var node = schema;
        foreach (var name in names)
        {
            node = (JsonObject?)node["properties"]?[name]
                ?? throw new InvalidOperationException($"The configuration schema has no property '{name}'.");
        }
        return node;
    }
}
