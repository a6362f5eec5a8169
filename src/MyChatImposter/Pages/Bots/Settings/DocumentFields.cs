using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MyChatImposter.Pages.Bots.Settings;

// Which form field shows the errors of a document path ("configurations.queue_config.max_messages" →
// "Input.QueueMaxMessages"), so a form saved with the API's rules shows each message beside its field.
// List items are mapped by a function of the document index, because a form's rows (blank ones dropped)
// need not line up with the saved list. Paths no field shows go above the form, path first.
public sealed class DocumentFields(string prefix)
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private readonly List<(string List, Func<int, string?, string?> Field)> _lists = [];

    public DocumentFields Field(string path, string field)
    {
        _fields[path] = Named(field);
        return this;
    }

    // "list[3]" and "list[3].sub" both reach field(3, null or "sub"); null from field means "no field".
    public DocumentFields Items(string listPath, Func<int, string?, string?> field)
    {
        _lists.Add((listPath, field));
        return this;
    }

    public string? FieldOf(string path)
    {
        if (_fields.TryGetValue(path, out var field))
        {
            return field;
        }
        foreach (var (list, fieldOf) in _lists)
        {
            if (path.Length > list.Length + 2 && path.StartsWith(list + "[", StringComparison.Ordinal))
            {
                var close = path.IndexOf(']', list.Length);
                if (close > 0 && int.TryParse(path.AsSpan(list.Length + 1, close - list.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    var rest = close + 1 < path.Length && path[close + 1] == '.' ? path[(close + 2)..] : null;
                    return fieldOf(index, rest) is { } item ? Named(item) : null;
                }
            }
        }
        return null;
    }

    // The save's errors and problem on the page: beside their fields, the others above the form.
    public void Show(ModelStateDictionary modelState, ConfigurationSave saved)
    {
        foreach (var (path, messages) in saved.Errors)
        {
            var field = FieldOf(path);
            foreach (var message in messages)
            {
                modelState.AddModelError(field ?? string.Empty, field is null ? $"{path}: {message}" : message);
            }
        }
        if (saved.Problem is not null)
        {
            modelState.AddModelError(string.Empty, saved.Problem);
        }
    }

    private string Named(string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";
}
