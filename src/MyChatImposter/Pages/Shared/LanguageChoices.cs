namespace MyChatImposter.Pages.Shared;

// The language picker's options, "Hebrew (עברית) — HE", in the spec's order; a stored code outside the
// list ("pt-BR") stays selectable, marked, so saving a form never changes it silently.
public static class LanguageChoices
{
    public sealed record Choice(string Code, string Text);

    public static IReadOnlyList<Choice> For(string? current)
    {
        var choices = ConfigurationResources.Languages
            .Select(language => new Choice(language.Code, $"{language.Name} ({language.NativeName}) — {language.Code.ToUpperInvariant()}"))
            .ToList();
        if (!string.IsNullOrEmpty(current) && !choices.Any(choice => choice.Code == current))
        {
            choices.Insert(0, new Choice(current, $"{current} (as stored)"));
        }
        return choices;
    }
}
