namespace MyChatImposter.Pages.Shared;

// What a shared select widget (_TimeZoneSelect, _LanguageSelect) needs from the page: the posted name
// ("Input.Timezone"), its label and the current value. Errors under that name are shown beside it.
public sealed record ChoiceField(string Name, string Label, string? Value)
{
    // The id ASP.NET gives the same name through asp-for, so a page's own <label for> and scripts agree.
    public string Id => Name.Replace('.', '_').Replace('[', '_').Replace(']', '_');
}
