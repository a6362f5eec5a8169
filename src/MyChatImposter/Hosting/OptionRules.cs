namespace MyChatImposter.Hosting;

// The [Range], [Required] and IValidatableObject rules of an options class, each failure worded for the
// person who set it: the key as they write it, the value the host got and what it must be
// ("Delivery:MaxPerRecipientPerHour is 1000000; it must be between 1 and 10000.").
public sealed class OptionRules<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }
        var failures = OptionRules.Check(sectionName, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class OptionRules
{
    public static IReadOnlyList<string> Check(string sectionName, object options)
    {
        var failures = new List<string>();
        foreach (var property in options.GetType().GetProperties())
        {
            var value = property.GetValue(options);
            foreach (var attribute in property.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>())
            {
                // Described before IsValid, which turns a range's bounds from the text written ("00:00:00.100")
                // into values (00:00:00.1000000).
                var failure = Describe($"{sectionName}:{property.Name}", value, attribute);
                if (!attribute.IsValid(value))
                {
                    failures.Add(failure);
                }
            }
        }
        // Rules across several options only make sense once each one is within its own bounds.
        if (failures.Count == 0 && options is IValidatableObject validatable)
        {
            failures.AddRange(validatable.Validate(new ValidationContext(options))
                .Select(result => result.ErrorMessage ?? $"{sectionName} is invalid."));
        }
        return failures;
    }

    // "between 1 and 10000", "between 00:00:00 and 01:00:00": the bounds as they are written in a setting.
    public static string Bounds(RangeAttribute range) =>
        string.Create(CultureInfo.InvariantCulture, $"between {range.Minimum} and {range.Maximum}");

    public static string Text(object? value) => value switch
    {
        null => "empty",
        TimeSpan duration => Text(duration),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // 00:00:00.1 rather than 00:00:00.1000000.
    private static string Text(TimeSpan duration)
    {
        var text = duration.ToString("c", CultureInfo.InvariantCulture);
        return text.LastIndexOf('.') > text.LastIndexOf(':') ? text.TrimEnd('0') : text;
    }

    private static string Describe(string key, object? value, ValidationAttribute attribute) => attribute switch
    {
        RangeAttribute range => $"{key} is {Text(value)}; it must be {Bounds(range)}.",
        RequiredAttribute => $"{key} must be set.",
        _ => $"{key} is {Text(value)}: {attribute.FormatErrorMessage(key)}",
    };
}
