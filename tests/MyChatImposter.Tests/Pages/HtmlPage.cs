using System.Net;
using System.Text.RegularExpressions;

namespace MyChatImposter.Tests.Pages;

// Reading what a server-rendered page shows: its errors beside fields, its status message, its text.
public static partial class HtmlPage
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}.");
        return await response.Content.ReadAsStringAsync(Ct);
    }

    public static Task<string> ReadAsync(this HttpResponseMessage response) => response.Content.ReadAsStringAsync(Ct);

    // A post/redirect/get round: asserts the redirect and returns the page it leads to.
    public static async Task<string> FollowRedirectAsync(this HttpResponseMessage response, HttpClient client, string expectedPath)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedPath, response.Headers.Location!.OriginalString);
        return await GetAsync(client, expectedPath);
    }

    // The bot pages' one answer for a bot that does not exist (BotPageFilter): 404 with the page that says so.
    public static async Task AssertBotNotFoundAsync(this HttpResponseMessage response, string userId)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains("<h1>Bot not found</h1>", html);
        Assert.Contains($"There is no bot named <strong>{WebUtility.HtmlEncode(userId)}</strong>", html);
    }

    // Every error listed beside a field (<field-errors for="...">), decoded; empty when there is none.
    public static IReadOnlyList<string> FieldErrors(string html, string field)
    {
        foreach (Match list in ErrorListPattern().Matches(html))
        {
            if (HtmlForm.Attributes(list.Groups["attributes"].Value).GetValueOrDefault("data-errors-for") == field)
            {
                return [.. ItemPattern().Matches(list.Groups["items"].Value).Select(item => WebUtility.HtmlDecode(item.Groups["text"].Value))];
            }
        }
        return [];
    }

    // Errors that belong to the whole form (<form-errors />).
    public static IReadOnlyList<string> FormErrors(string html) => FieldErrors(html, "");

    // The status message the layout shows after a redirect.
    public static string? Message(string html)
    {
        var match = MessagePattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["text"].Value.Trim()) : null;
    }

    public static string Text(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex(@"<ul\b(?<attributes>[^>]*data-errors-for[^>]*)>(?<items>.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex ErrorListPattern();

    [GeneratedRegex(@"<li>(?<text>.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ItemPattern();

    [GeneratedRegex(@"<p class=""notice"" role=""status"">(?<text>.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex MessagePattern();
}
