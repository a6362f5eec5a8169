using System.ComponentModel;
using System.Reflection;

namespace MyChatImposter.Hosting;

// Run once the services are built and before anything starts (no database opened, nothing listening): every
// option that cannot be read or is out of its bounds becomes one line for the person starting the host,
// instead of the first one aborting the start with an exception and its stack trace.
public static class StartupOptionsCheck
{
    public static bool Passes(IServiceProvider services, TextWriter error)
    {
        var problems = Problems(services);
        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }
        return problems.Count == 0;
    }

    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var problems = new List<string>();
        foreach (var options in services.GetServices<CheckedOptions>().DistinctBy(options => options.Section))
        {
            var section = configuration.GetSection(options.Section);
            var unreadable = UnreadableValues(section, options.Type);
            if (unreadable.Count > 0)
            {
                // The binder would stop at the first of these; the other values are still held to their rules.
                problems.AddRange(unreadable.Select(value => value.Problem));
                problems.AddRange(OptionRules.Check(options.Section, BindReadable(section, options.Type, unreadable)));
                continue;
            }
            try
            {
                options.Resolve(services);
            }
            catch (OptionsValidationException exception)
            {
                problems.AddRange(exception.Failures);
            }
            catch (ValidationException exception)
            {
                problems.Add(exception.Message);
            }
            catch (InvalidOperationException exception)
            {
                // The binder's own refusal of a value this check does not parse (an element of a list).
                problems.Add(exception.Message);
            }
        }
        return problems;
    }

    // Each value under the section whose option is a single value (a number, a duration, a flag, a choice) is
    // parsed the way the configuration binder will parse it.
    public static IReadOnlyList<(string Key, string Problem)> UnreadableValues(IConfigurationSection section, Type optionsType)
    {
        var problems = new List<(string, string)>();
        foreach (var (path, raw) in section.AsEnumerable(makePathsRelative: true))
        {
            if (raw is null || Property(optionsType, path.Split(':')) is not { } property)
            {
                continue;
            }
            var type = property.PropertyType;
            if (type == typeof(string) || Readable(type, raw))
            {
                continue;
            }
            var range = property.GetCustomAttribute<RangeAttribute>();
            problems.Add(($"{section.Path}:{path}", $"{section.Path}:{path} is '{raw}', {Expected(type)}" +
                (range is null ? "." : $"; it must be {OptionRules.Bounds(range)}.")));
        }
        return problems;
    }

    private static object BindReadable(IConfigurationSection section, Type optionsType, IReadOnlyList<(string Key, string Problem)> unreadable)
    {
        var readable = section.AsEnumerable()
            .Where(pair => !unreadable.Any(value => string.Equals(value.Key, pair.Key, StringComparison.OrdinalIgnoreCase)));
        var options = Activator.CreateInstance(optionsType)!;
        new ConfigurationBuilder().AddInMemoryCollection(readable).Build().GetSection(section.Path).Bind(options);
        return options;
    }

    private static PropertyInfo? Property(Type type, string[] segments)
    {
        PropertyInfo? property = null;
        foreach (var segment in segments)
        {
            property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }
            type = property.PropertyType;
        }
        // Lists, dictionaries and nested sections are the binder's to read.
        return property is not null && TypeDescriptor.GetConverter(property.PropertyType).CanConvertFrom(typeof(string))
            ? property
            : null;
    }

    private static bool Readable(Type type, string raw)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) => "not a whole number",
            _ when type == typeof(TimeSpan) => "not a duration ([d.]hh:mm:ss, e.g. 00:00:30 or 1.00:00:00)",
            _ when type == typeof(bool) => "neither true nor false",
            { IsEnum: true } => $"not one of {string.Join(", ", Enum.GetNames(type))}",
            _ => $"not a valid {type.Name}",
        };
    }
}
