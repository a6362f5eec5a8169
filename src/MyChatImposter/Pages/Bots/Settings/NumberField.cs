namespace MyChatImposter.Pages.Bots.Settings;

// One number of the limits form as _NumberField shows it. Value is the text posted back when the form is
// shown again, so a typed value stays as typed.
public sealed record NumberField(string Name, string Label, string? Value, int Min, int Max)
{
    public string Id => Name.Replace('.', '_');
}
