namespace MyChatImposter.Configuration;

// StringLength for every element of a list of strings (DataAnnotations has no per-item form).
// Read by DeclaredConstraints for both validation and the schema's "items".
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ItemStringLengthAttribute(int maximumLength) : Attribute
{
    public int MaximumLength { get; } = maximumLength;

    public int MinimumLength { get; set; }
}
