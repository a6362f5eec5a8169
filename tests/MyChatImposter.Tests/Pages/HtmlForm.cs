using System.Net;
using System.Text.RegularExpressions;

namespace MyChatImposter.Tests.Pages;

// A page object over server-rendered HTML: one form read from a page (its action, its fields and the
// antiforgery token among them), posted back with changed values as a browser would. The antiforgery
// cookie set by the GET travels in the client's cookie jar.
public sealed partial class HtmlForm
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    private HtmlForm(string action, Dictionary<string, string> fields)
    {
        Action = action;
        Fields = fields;
    }

    // Where the form posts: its action attribute, or the page it came from.
    public string Action { get; }

    public Dictionary<string, string> Fields { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HtmlForm> GetAsync(HttpClient client, string pageUrl, string formId)
    {
        var page = await HtmlPage.GetAsync(client, pageUrl);
        return Find(page, formId, pageUrl);
    }

    public static HtmlForm Find(string html, string formId, string pageUrl) =>
        TryFind(html, formId, pageUrl) ?? throw new Xunit.Sdk.XunitException($"No form with id '{formId}' on {pageUrl}.");

    public static HtmlForm? TryFind(string html, string formId, string pageUrl)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            var attributes = Attributes(form.Groups["attributes"].Value);
            if (attributes.GetValueOrDefault("id") != formId)
            {
                continue;
            }
            var fields = new Dictionary<string, string>();
            var body = form.Groups["body"].Value;
            foreach (Match input in InputPattern().Matches(body))
            {
                var inputAttributes = Attributes(input.Groups["attributes"].Value);
                var type = inputAttributes.GetValueOrDefault("type", "text");
                if (inputAttributes.TryGetValue("name", out var name) && type is not ("submit" or "button")
                    && (type is not ("checkbox" or "radio") || inputAttributes.ContainsKey("checked")))
                {
                    fields.TryAdd(name, inputAttributes.GetValueOrDefault("value", type == "checkbox" ? "on" : ""));
                }
            }
            foreach (Match textarea in TextareaPattern().Matches(body))
            {
                if (Attributes(textarea.Groups["attributes"].Value).TryGetValue("name", out var name))
                {
                    fields.TryAdd(name, WebUtility.HtmlDecode(StripLeadingNewline(textarea.Groups["text"].Value)));
                }
            }
            foreach (Match select in SelectPattern().Matches(body))
            {
                if (Attributes(select.Groups["attributes"].Value).TryGetValue("name", out var name))
                {
                    fields.TryAdd(name, SelectedValue(select.Groups["options"].Value));
                }
            }
            var action = attributes.GetValueOrDefault("action");
            return new HtmlForm(string.IsNullOrEmpty(action) ? pageUrl : action, fields);
        }
        return null;
    }

    // Posts the form with some fields changed (a null value leaves the field out, as a tampered form would).
    public Task<HttpResponseMessage> PostAsync(HttpClient client, params (string Name, string? Value)[] changes)
    {
        var fields = new Dictionary<string, string>(Fields);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                fields.Remove(name);
            }
            else
            {
                fields[name] = value;
            }
        }
        return client.PostAsync(Action, new FormUrlEncodedContent(fields), Ct);
    }

    // HTML drops one newline right after <textarea>, which Razor writes before the content.
    private static string StripLeadingNewline(string text) =>
        text.StartsWith("\r\n", StringComparison.Ordinal) ? text[2..] : text.StartsWith('\n') ? text[1..] : text;

    private static string SelectedValue(string options)
    {
        string? first = null;
        foreach (Match option in OptionPattern().Matches(options))
        {
            var attributes = Attributes(option.Groups["attributes"].Value);
            var value = attributes.GetValueOrDefault("value", WebUtility.HtmlDecode(option.Groups["text"].Value.Trim()));
            if (attributes.ContainsKey("selected"))
            {
                return value;
            }
            first ??= value;
        }
        return first ?? "";
    }

    // Razor writes attribute values in double quotes, HTML-encoded.
    internal static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in AttributePattern().Matches(text))
        {
            attributes.TryAdd(attribute.Groups["name"].Value,
                attribute.Groups["value"].Success ? WebUtility.HtmlDecode(attribute.Groups["value"].Value) : "");
        }
        return attributes;
    }

    [GeneratedRegex(@"<form\b(?<attributes>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b(?<attributes>[^>]*?)/?>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<textarea\b(?<attributes>[^>]*)>(?<text>.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextareaPattern();

    [GeneratedRegex(@"<select\b(?<attributes>[^>]*)>(?<options>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectPattern();

    [GeneratedRegex(@"<option\b(?<attributes>[^>]*)>(?<text>.*?)</option>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"(?<name>[^\s=/""']+)(?:\s*=\s*""(?<value>[^""]*)"")?", RegexOptions.Singleline)]
    private static partial Regex AttributePattern();
}
