using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MyChatImposter.Pages.Bots;

// Where the editor pages show why a document was not saved: problems of the user id beside the user id
// field, document errors beside the textarea (or the file field of an import), each prefixed with its JSON
// path ("$" is the whole document).
public static class ConfigurationErrorsOnPage
{
    public const string DocumentField = "Input.Document";

    public static void Add(ModelStateDictionary modelState, ConfigurationSave saved, string userIdField, string documentField = DocumentField)
    {
        if (saved.Problem is not null)
        {
            modelState.AddModelError(userIdField, saved.Problem);
        }
        foreach (var (path, messages) in saved.Errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(documentField, $"{path}: {message}");
            }
        }
    }
}
