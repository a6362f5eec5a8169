using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace MyChatImposter.Configuration;

// The constraint attributes on the configuration records (Range, StringLength, RegularExpression, Length,
// ItemStringLength) and the size cap of the extension-data objects, interpreted in one place for both
// uses: checking a document and describing the constraint in the JSON Schema. Walking the serializer's
// own metadata gives every error the property name the document uses.
internal static class DeclaredConstraints
{
    // Returns false when a member that cannot be null was null (possible only for records built in code
    // with null!), so the caller can skip rules that would dereference it.
    public static bool Check(UserConfiguration configuration, ConfigurationErrors errors) =>
        CheckObject(configuration, TypeInfo(typeof(UserConfiguration)), DocumentPath.Root, errors);

    public static void Describe(JsonObject schema, ICustomAttributeProvider member)
    {
        foreach (var attribute in member.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case RangeAttribute range:
                    schema["minimum"] = JsonSerializer.SerializeToNode(range.Minimum);
                    schema["maximum"] = JsonSerializer.SerializeToNode(range.Maximum);
                    break;
                case StringLengthAttribute length:
                    DescribeStringLength(schema, length.MinimumLength, length.MaximumLength);
                    break;
                case RegularExpressionAttribute expression:
                    schema["pattern"] = expression.Pattern;
                    break;
                case LengthAttribute count:
                    if (count.MinimumLength > 0)
                    {
                        schema["minItems"] = count.MinimumLength;
                    }
                    schema["maxItems"] = count.MaximumLength;
                    break;
                case ItemStringLengthAttribute itemLength when schema["items"] is JsonObject items:
                    DescribeStringLength(items, itemLength.MinimumLength, itemLength.MaximumLength);
                    break;
            }
        }
    }

    private static void DescribeStringLength(JsonObject schema, int minimum, int maximum)
    {
        if (minimum > 0)
        {
            schema["minLength"] = minimum;
        }
        schema["maxLength"] = maximum;
    }

    private static bool CheckObject(object value, JsonTypeInfo typeInfo, string path, ConfigurationErrors errors)
    {
        var complete = true;
        foreach (var property in typeInfo.Properties)
        {
            var propertyValue = property.Get?.Invoke(value);
            if (property.IsExtensionData)
            {
                CheckExtraSettingsSize(propertyValue, path, errors);
                continue;
            }

            var propertyPath = DocumentPath.Property(path, property.Name);
            if (propertyValue is null)
            {
                if (!property.IsSetNullable)
                {
                    errors.Add(propertyPath, "must not be null.");
                    complete = false;
                }
                continue;
            }

            if (property.AttributeProvider is { } attributes && !CheckAttributes(propertyValue, attributes, propertyPath, errors))
            {
                continue;
            }
            complete &= CheckNested(propertyValue, propertyPath, errors);
        }
        return complete;
    }

    private static bool CheckNested(object value, string path, ConfigurationErrors errors)
    {
        if (value is string)
        {
            return true;
        }
        var typeInfo = TypeInfo(value.GetType());
        if (typeInfo.Kind == JsonTypeInfoKind.Object)
        {
            return CheckObject(value, typeInfo, path, errors);
        }
        if (typeInfo.Kind != JsonTypeInfoKind.Enumerable || value is not IEnumerable items)
        {
            return true;
        }

        var complete = true;
        var index = 0;
        foreach (var item in items)
        {
            var itemPath = DocumentPath.Item(path, index++);
            if (item is null)
            {
                errors.Add(itemPath, "must not be null.");
                complete = false;
            }
            else
            {
                complete &= CheckNested(item, itemPath, errors);
            }
        }
        return complete;
    }

    // Stops at the first failing attribute so that one field gets one message ("must not be empty" rather
    // than also "may contain only letters...").
    private static bool CheckAttributes(object value, ICustomAttributeProvider attributes, string path, ConfigurationErrors errors)
    {
        var ordered = attributes.GetCustomAttributes(inherit: true)
            .OrderBy(attribute => attribute is StringLengthAttribute ? 0 : 1);
        foreach (var attribute in ordered)
        {
            if (attribute is ItemStringLengthAttribute itemLength)
            {
                if (!CheckItems(value, itemLength, path, errors))
                {
                    return false;
                }
                continue;
            }

            var problem = attribute switch
            {
                RangeAttribute range => RangeProblem(range, value),
                ApiKeyLengthAttribute when value is string text && StoredApiKey.IsProtected(text) =>
                    LengthProblem(text, 0, ConfigurationLimits.ProtectedApiKeyMaxLength),
                StringLengthAttribute length when value is string text =>
                    LengthProblem(text, length.MinimumLength, length.MaximumLength),
                RegularExpressionAttribute expression when value is string text =>
                    PatternProblem(text, expression),
                LengthAttribute count when value is ICollection collection =>
                    CountProblem(collection.Count, count.MinimumLength, count.MaximumLength),
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(path, problem);
                return false;
            }
        }
        return true;
    }

    private static bool CheckItems(object value, ItemStringLengthAttribute itemLength, string path, ConfigurationErrors errors)
    {
        if (value is not IEnumerable items)
        {
            return true;
        }
        var valid = true;
        var index = 0;
        foreach (var item in items)
        {
            var problem = item is string text
                ? LengthProblem(text, itemLength.MinimumLength, itemLength.MaximumLength)
                : "must be a string.";
            if (problem is not null)
            {
                errors.Add(DocumentPath.Item(path, index), problem);
                valid = false;
            }
            index++;
        }
        return valid;
    }

    private static string? RangeProblem(RangeAttribute range, object value)
    {
        var inRange = value switch
        {
            int number => number >= (int)range.Minimum && number <= (int)range.Maximum,
            // Written so that NaN is out of range.
            double number => number >= Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture)
                && number <= Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
            _ => true,
        };
        return inRange
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"must be between {range.Minimum} and {range.Maximum}; got {value}.");
    }

    private static string? LengthProblem(string text, int minimum, int maximum)
    {
        if (minimum > 0 && text.Length == 0)
        {
            return "must not be empty.";
        }
        if (minimum > 0 && string.IsNullOrWhiteSpace(text))
        {
            return "must not be blank.";
        }
        if (text.Length < minimum)
        {
            return $"must be at least {minimum} characters long; got {text.Length}.";
        }
        return text.Length > maximum ? $"must be at most {maximum} characters long; got {text.Length}." : null;
    }

    private static string? PatternProblem(string text, RegularExpressionAttribute expression)
    {
        // .NET's "$" also matches before a final newline, so "bob\n" would pass ^...$; require the match to
        // cover the whole text, which is what the same pattern means in the JSON Schema (ECMAScript).
        var match = Regex.Match(text, expression.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var matchesWhole = match.Success && match.Index == 0 && match.Length == text.Length;
        return matchesWhole ? null : (expression.ErrorMessage ?? $"must match the pattern {expression.Pattern}") + ".";
    }

    private static string? CountProblem(int count, int minimum, int maximum)
    {
        if (count < minimum)
        {
            return $"must have at least {minimum} entries; got {count}.";
        }
        return count > maximum ? $"must have at most {maximum} entries; got {count}." : null;
    }

    private static void CheckExtraSettingsSize(object? extra, string path, ConfigurationErrors errors)
    {
        if (extra is not IDictionary<string, JsonElement> { Count: > 0 } settings)
        {
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(settings, ConfigurationJson.Options).Length;
        if (bytes > ConfigurationLimits.ExtraSettingsMaxBytes)
        {
            errors.Add(path,
                $"carries {bytes} bytes of additional settings; at most {ConfigurationLimits.ExtraSettingsMaxBytes} are allowed.");
        }
    }

    private static JsonTypeInfo TypeInfo(Type type) => ConfigurationJson.Options.GetTypeInfo(type);
}
