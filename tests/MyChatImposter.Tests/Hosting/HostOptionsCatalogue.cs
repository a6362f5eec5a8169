using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace MyChatImposter.Tests.Hosting;

// Every options class the host binds from configuration (each declares its SectionName), and the keys a
// user writes for it: nested sections (Storage:Sqlite:Path) spelled out, lists and maps as one key.
public static class HostOptionsCatalogue
{
    public sealed record Option(string Key, string Section, Type OptionsType, PropertyInfo Property)
    {
        public RangeAttribute? Range => Property.GetCustomAttribute<RangeAttribute>();
    }

    public static IReadOnlyList<Option> Options { get; } =
    [
        .. typeof(Program).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Options", StringComparison.Ordinal)
                && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .SelectMany(type => Leaves((string)type.GetField("SectionName")!.GetRawConstantValue()!, type)
                .Select(leaf => new Option(leaf.Key, (string)type.GetField("SectionName")!.GetRawConstantValue()!, type, leaf.Property))),
    ];

    private static IEnumerable<(string Key, PropertyInfo Property)> Leaves(string prefix, Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite)
            .SelectMany(property => IsSection(property.PropertyType)
                ? Leaves($"{prefix}:{property.Name}", property.PropertyType)
                : [($"{prefix}:{property.Name}", property)]);

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);
}
