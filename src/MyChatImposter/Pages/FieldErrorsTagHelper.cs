using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MyChatImposter.Pages;

// <field-errors for="Input.Password" /> lists every error of one field beside it; <form-errors /> lists the
// errors that belong to no field. asp-validation-for shows only the first error, and a weak password
// usually breaks several rules at once. asp-validation-summary is not used either: it can emit an inline
// style attribute, which the site's Content-Security-Policy refuses. <field-errors name="Input.Rows[2].Entry" />
// does the same for a field named at run time (a shared widget's, a list row's).
[HtmlTargetElement(FieldElement, Attributes = ForAttribute, TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement(FieldElement, Attributes = NameAttribute, TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement(FormElement, TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorsTagHelper : TagHelper
{
    private const string FieldElement = "field-errors";
    private const string FormElement = "form-errors";
    private const string ForAttribute = "for";
    private const string NameAttribute = "name";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression? For { get; set; }

    [HtmlAttributeName(NameAttribute)]
    public string? Name { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var key = For?.Name ?? Name ?? string.Empty;
        if (!ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "ul";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", key.Length == 0 ? "form-errors" : "field-errors");
        output.Attributes.SetAttribute("data-errors-for", key);
        output.Attributes.SetAttribute("role", "alert");
        foreach (var error in entry.Errors)
        {
            var item = new TagBuilder("li");
            // A binding failure (e.g. an unreadable number) may carry an exception instead of a message.
            item.InnerHtml.Append(string.IsNullOrEmpty(error.ErrorMessage) ? "This value is not valid." : error.ErrorMessage);
            output.Content.AppendHtml(item);
        }
    }
}
