using System.Reflection;

namespace MyChatImposter.Configuration;

// The one map between an enum and the names databases store and the API shows: each value's name as JSON writes
// it in snake_case (TakenOver → taken_over), or its [JsonStringEnumMemberName] where it declares one, the rule of
// the framework's string enum converter. Stored names must never change: EnumNamesTests pins every one, so a
// value renamed in code fails there and gets the attribute with its old name.
public static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(
            field => (TEnum)field.GetValue(null)!,
            field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(field.Name));

    private static readonly Dictionary<string, TEnum> Values =
        Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static string Name(TEnum value) =>
        Names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static bool TryParse(string? name, out TEnum value) => Values.TryGetValue(name ?? "", out value);

    // For names read back from storage: one that is not a value is a damaged or foreign row, and an error, never a
    // guess (an unknown role read as "user", or an unknown source as a correspondent's message, would let it act).
    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"'{name}' is not one of the {typeof(TEnum).Name} names.");
}
