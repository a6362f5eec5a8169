using System.Text.Json.Serialization.Metadata;

namespace MyChatImposter.Configuration;

// Checks a parsed body against the serializer's metadata for UserConfiguration before deserializing:
// objects where objects belong, exact JSON types for leaves (strict: "5" is not a number, 1 is not an
// enum name), no null where the member is not nullable, no null list items, and every [JsonRequired]
// member present. Unknown members are ignored here, as the serializer ignores them (or keeps them as
// extension data in provider_config).
internal static class JsonDocumentShape
{
    public static void Check(JsonElement document, ConfigurationErrors errors) =>
        CheckValue(document, TypeInfo(typeof(UserConfiguration)), allowsNull: false, DocumentPath.Root, errors);

    // allowsNull only shapes the message: nulls are dealt with by the caller, which knows the member.
    private static void CheckValue(JsonElement value, JsonTypeInfo typeInfo, bool allowsNull, string path, ConfigurationErrors errors)
    {
        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                CheckObject(value, typeInfo, path, errors);
                break;
            case JsonTypeInfoKind.Enumerable:
                CheckArray(value, typeInfo, path, errors);
                break;
            case JsonTypeInfoKind.Dictionary:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(path, $"must be an object, not {Describe(value)}.");
                }
                break;
            default:
                if (!IsValidLeaf(value, typeInfo))
                {
                    errors.Add(path, $"must be {Expected(typeInfo, allowsNull)}, not {Describe(value)}.");
                }
                break;
        }
    }

    private static void CheckObject(JsonElement value, JsonTypeInfo typeInfo, string path, ConfigurationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"must be an object, not {Describe(value)}.");
            return;
        }

        var nameComparer = ConfigurationJson.Options.PropertyNameCaseInsensitive
            ? StringComparer.OrdinalIgnoreCase
            : StringComparer.Ordinal;
        var present = new Dictionary<string, JsonElement>(nameComparer);
        foreach (var member in value.EnumerateObject())
        {
            // The serializer keeps the last of repeated names; so does this.
            present[member.Name] = member.Value;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.IsExtensionData)
            {
                continue;
            }
            var propertyPath = DocumentPath.Property(path, property.Name);
            if (!present.TryGetValue(property.Name, out var propertyValue))
            {
                if (property.IsRequired)
                {
                    errors.Add(propertyPath, "is required.");
                }
                continue;
            }

            var propertyType = TypeInfo(property.PropertyType);
            if (propertyValue.ValueKind == JsonValueKind.Null)
            {
                if (!property.IsSetNullable)
                {
                    errors.Add(propertyPath, $"must not be null; expected {Expected(propertyType, allowsNull: false)}.");
                }
                continue;
            }
            CheckValue(propertyValue, propertyType, property.IsSetNullable, propertyPath, errors);
        }
    }

    private static void CheckArray(JsonElement value, JsonTypeInfo typeInfo, string path, ConfigurationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"must be an array, not {Describe(value)}.");
            return;
        }

        // No list in the document allows null items, whatever the serializer would accept.
        var itemType = TypeInfo(typeInfo.ElementType!);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = DocumentPath.Item(path, index++);
            if (item.ValueKind == JsonValueKind.Null)
            {
                errors.Add(itemPath, $"must not be null; expected {Expected(itemType, allowsNull: false)}.");
                continue;
            }
            CheckValue(item, itemType, allowsNull: false, itemPath, errors);
        }
    }

    private static bool IsValidLeaf(JsonElement value, JsonTypeInfo typeInfo)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        return type switch
        {
            _ when type == typeof(string) => value.ValueKind == JsonValueKind.String && Text(value) is not null,
            _ when type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            _ when type == typeof(double) => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number),
            _ when type.IsEnum => value.ValueKind == JsonValueKind.String && EnumNames(type).Contains(Text(value)),
            _ => Deserializes(value, typeInfo),
        };
    }

    private static bool Deserializes(JsonElement value, JsonTypeInfo typeInfo)
    {
        try
        {
            value.Deserialize(typeInfo);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The names the serializer writes, compared exactly: the converter would also read other casings and
    // integers, which a stored document never contains.
    private static string[] EnumNames(Type enumType) =>
        [.. Enum.GetValues(enumType).Cast<object>()
            .Select(member => JsonSerializer.SerializeToElement(member, enumType, ConfigurationJson.Options).GetString()!)];

    private static string Expected(JsonTypeInfo typeInfo, bool allowsNull)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        var expected = typeInfo.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            JsonTypeInfoKind.Enumerable => "an array",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ when type.IsEnum => "one of " + string.Join(", ", EnumNames(type).Select(name => $"\"{name}\"")),
            _ => $"a {type.Name} value",
        };
        return allowsNull ? expected + " or null" : expected;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => Text(value) switch
        {
            null => "a string with an unpaired \\u surrogate escape",
            { Length: <= 40 } text => $"the string \"{text}\"",
            _ => "a string",
        },
        JsonValueKind.Number => value.GetRawText() is { Length: <= 24 } number ? $"the number {number}" : "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // Null for a string that is valid JSON but not text, such as "\udc00" (an unpaired surrogate).
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonTypeInfo TypeInfo(Type type) => ConfigurationJson.Options.GetTypeInfo(type);
}
