using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace MyChatImposter.Configuration;

// The JSON Schema of UserConfiguration served to the form generator (spec/01 §3). It is exported from the
// same serializer options that read documents, so names, types, nullability and required members cannot
// drift from the records; titles, descriptions, defaults and bounds are added from the records' attributes
// and default values, then the two documented patches are applied (LlmSettingsSchemaPatch).
public static class ConfigurationSchema
{
    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    private static readonly Lazy<JsonObject> Generated = new(Generate);

    // A deep copy each call: callers may edit or serialize it concurrently.
    public static JsonObject Create() => (JsonObject)Generated.Value.DeepClone();

    private static JsonObject Generate()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            // The root and list items are never null in a configuration (JsonDocumentShape rejects null items).
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Annotate,
        };
        var schema = (JsonObject)JsonSchemaExporter.GetJsonSchemaAsNode(
            ConfigurationJson.Options, typeof(UserConfiguration), exporterOptions);
        LlmSettingsSchemaPatch.Apply(schema);

        var document = new JsonObject { ["$schema"] = Dialect };
        foreach (var (name, value) in schema.ToList())
        {
            schema.Remove(name);
            document[name] = value;
        }
        return document;
    }

    private static JsonNode Annotate(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
        {
            return schema;
        }

        if (context.PropertyInfo is { } property)
        {
            var member = property.AttributeProvider;
            node["title"] = member?.GetCustomAttributes(typeof(DisplayNameAttribute), inherit: true)
                    .Cast<DisplayNameAttribute>().FirstOrDefault()?.DisplayName
                ?? TitleCase(property.Name);
            var description = Description(member) ?? Description(context.TypeInfo.Type);
            if (description is not null)
            {
                node["description"] = description;
            }
            if (member is not null)
            {
                DeclaredConstraints.Describe(node, member);
            }
            if (!property.IsRequired && TryGetDefault(property, out var defaultValue))
            {
                node["default"] = defaultValue;
            }
        }
        else if (context.Path.IsEmpty)
        {
            node["title"] = TitleCase(context.TypeInfo.Type.Name);
            if (Description(context.TypeInfo.Type) is { } description)
            {
                node["description"] = description;
            }
        }
        return node;
    }

    private static string? Description(ICustomAttributeProvider? member) =>
        member?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true)
            .Cast<DescriptionAttribute>().FirstOrDefault()?.Description;

    // The value a fresh record has when the document omits the member. Only scalar and list defaults
    // are published: nested objects default member by member, which their own properties already say.
    private static bool TryGetDefault(JsonPropertyInfo property, out JsonNode? value)
    {
        value = null;
        if (property.Get is null || property.DeclaringType.GetConstructor(Type.EmptyTypes) is null)
        {
            return false;
        }
        var instance = Activator.CreateInstance(property.DeclaringType)!;
        value = JsonSerializer.SerializeToNode(property.Get(instance), property.PropertyType, ConfigurationJson.Options);
        return value is not JsonObject;
    }

    // "user_id" -> "User Id", "groupIdentifier" -> "Group Identifier", as the original's titles read.
    internal static string TitleCase(string name)
    {
        var title = new StringBuilder(name.Length + 8);
        var startOfWord = true;
        for (var index = 0; index < name.Length; index++)
        {
            var character = name[index];
            if (character is '_' or '-' or ' ')
            {
                startOfWord = true;
                continue;
            }
            if (char.IsUpper(character) && index > 0 && char.IsLetterOrDigit(name[index - 1]) && !char.IsUpper(name[index - 1]))
            {
                startOfWord = true;
            }
            if (startOfWord && title.Length > 0)
            {
                title.Append(' ');
            }
            title.Append(startOfWord ? char.ToUpperInvariant(character) : character);
            startOfWord = false;
        }
        return title.ToString();
    }
}
