using System.Net.Http.Json;
using System.Text.Json;

namespace MyChatImposter.Tests.Accounts;

public static class AuthTestRequests
{
    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string userId, string password) =>
        client.PostAsJsonAsync("/api/external/auth/login", new { user_id = userId, password }, TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    // The session cookie as the browser would send it back ("name=value").
    public static string SessionCookie(this HttpResponseMessage response)
    {
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(header => header.Contains("imposter_session="));
        return setCookie[..setCookie.IndexOf(';')];
    }
}
