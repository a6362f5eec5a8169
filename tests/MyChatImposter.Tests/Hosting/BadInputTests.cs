using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Accounts;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;
using MyChatImposter.Tests.Accounts;
using MyChatImposter.Tests.Llm;
using MyChatImposter.Tests.Pages;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Hosting;

// Issue 11, hole 6: bad input is the caller's mistake. Each cause the issue found answers its 4xx (ProblemDetails
// on the API, a plain status on pages), changes nothing, and is never logged as an error of ours.
// The malformed chunk size and the slow body need a real socket: see RawHttpBadInputTests.
public sealed class BadInputTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private readonly CapturedLogs _logs = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public BadInputTests() => _app = new ImposterApp
    {
        ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs)),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static StringContent Body(string text, string contentType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static bool SetsSessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(cookie => cookie.Contains("imposter_session="));

    private void AssertNoErrorLogged() => Assert.True(_logs.Errors.Count == 0, string.Join("\n", _logs.Errors));

    // The one Information line ClientFaultExceptionHandler writes for a refused request, without a stack trace.
    private void AssertLoggedAsClientFault(string reason)
    {
        var entry = Assert.Single(_logs.Entries, entry => entry.Contains("ClientFaultExceptionHandler[1110]") && entry.Contains(reason));
        Assert.StartsWith("Information ", entry);
        Assert.DoesNotContain("   at ", entry);
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_json_body_in_another_charset_is_415_on_every_json_endpoint_login_included(string contentType)
    {
        var anonymous = _app.CreateClient("10.0.0.7");
        var login = await anonymous.PostAsync("/api/external/auth/login",
            Body($$"""{"user_id":"{{ImposterApp.AdminId}}","password":"{{ImposterApp.AdminPassword}}"}""", contentType), Ct);
        var account = await _admin.PostAsync("/api/external/accounts",
            Body("""{"user_id":"carol","password":"Carol-Passw0rd!","role":"user"}""", contentType), Ct);
        var configuration = await _admin.PutAsync($"/api/external/users/{Ann}",
            Body(ConfigurationDocuments.Valid(Ann).ToJsonString(), contentType), Ct);

        foreach (var response in new[] { login, account, configuration })
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("Unsupported charset", (string?)(await response.ProblemAsync()).GetProperty("title").GetString());
        }
        Assert.False(SetsSessionCookie(login));
        Assert.Null(await _app.Service<IAccountStore>().GetAsync("carol", Ct));
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_quoted_or_capitalised_utf8_charset_is_still_json()
    {
        var login = await _app.CreateClient("10.0.0.7").PostAsync("/api/external/auth/login",
            Body($$"""{"user_id":"{{ImposterApp.AdminId}}","password":"{{ImposterApp.AdminPassword}}"}""", "application/json; charset=\"UTF-8\""), Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Sandbox_groups_with_a_non_json_content_type_are_415()
    {
        await _app.LinkBotAsync(Ann);

        var response = await _admin.PutAsync($"/api/external/users/{Ann}/sandbox/groups",
            Body("""[{"id":"family@g.us","name":"Family"}]""", "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await response.ProblemAsync();
        Assert.Empty(_app.Service<SandboxWorld>().Groups(Ann));
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_form_key_with_an_unclosed_bracket_is_400_on_the_login_page()
    {
        var anonymous = _app.CreateClient("10.0.0.7");
        var form = await HtmlForm.GetAsync(anonymous, "/login", "login-form");
        var token = Uri.EscapeDataString(form.Fields[HtmlForm.AntiforgeryField]);

        var response = await anonymous.PostAsync("/login", Body(
            $"Input.UserId={ImposterApp.AdminId}&Input.Password={Uri.EscapeDataString(ImposterApp.AdminPassword)}&x%5B=1&{HtmlForm.AntiforgeryField}={token}",
            "application/x-www-form-urlencoded"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(SetsSessionCookie(response));
        AssertNoErrorLogged();
        AssertLoggedAsClientFault("missing a closing bracket");
    }

    [Theory]
    [InlineData("POST", "/bots/ann?handler=Nope")]
    [InlineData("GET", "/bots/ann?handler=Nope")]
    [InlineData("POST", "/bots/ann/delivery?handler=X")]
    [InlineData("POST", "/bots/ann")]
    [InlineData("POST", "/bots/ann/ai?handler=Nope")]
    public async Task An_unknown_page_handler_is_404(string method, string url)
    {
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Ann}/ai", "ai-settings");
        var before = await _app.StoredBotAsync(Ann);

        var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" ? new FormUrlEncodedContent(form.Fields.Append(new("Input.Model", "changed"))) : null,
        }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ConfigurationJson.Serialize(before!), ConfigurationJson.Serialize((await _app.StoredBotAsync(Ann))!));
        AssertNoErrorLogged();
    }

    [Theory]
    [InlineData("Input.ForgetKey")]
    [InlineData("Input.RecordInteractions")]
    public async Task A_checkbox_that_is_not_a_boolean_is_400_on_the_ai_page(string checkbox)
    {
        const string key = "sk-bad-input-0a1b2c3d4e5f";
        var page = $"/bots/{Ann}/ai";
        var saved = await (await HtmlForm.GetAsync(_admin, page, "ai-settings"))
            .PostAsync(_admin, ("Input.KeySource", "explicit"), ("Input.ApiKey", key));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var form = await HtmlForm.GetAsync(_admin, page, "ai-settings");

        var response = await form.PostAsync(_admin, (checkbox, "x"), ("Input.Model", "changed"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var stored = await _app.StoredBotAsync(Ann);
        Assert.Equal(key, _app.Service<ApiKeyProtector>().Reveal(Ann, stored!.Configurations.LlmProviderConfig.ProviderConfig.ApiKey));
        Assert.NotEqual("changed", stored.Configurations.LlmProviderConfig.ProviderConfig.Model);
        AssertNoErrorLogged();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("7")]
    [InlineData("\"1\"")]
    [InlineData("\"root\"")]
    public async Task An_undefined_role_is_400_naming_the_field(string role)
    {
        var create = await _admin.PostAsync("/api/external/accounts",
            Body($$"""{"user_id":"carol","password":"Carol-Passw0rd!","role":{{role}}}""", "application/json"), Ct);
        await _app.CreateAccountAsync("dave", "Dave-Passw0rd!");
        var change = await _admin.PutAsync("/api/external/accounts/dave/role", Body($$"""{"role":{{role}}}""", "application/json"), Ct);

        foreach (var response in new[] { create, change })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("role", out _));
        }
        Assert.Null(await _app.Service<IAccountStore>().GetAsync("carol", Ct));
        Assert.Equal(AccountRole.User, (await _app.Service<IAccountStore>().GetAsync("dave", Ct))!.Role);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task The_chat_pages_groups_posted_as_multipart_are_read_like_the_plain_form()
    {
        await _app.LinkBotAsync(Ann);
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Ann}/chat", "define-groups");
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields.Where(field => field.Key != "GroupList.Text"))
        {
            multipart.Add(new StringContent(value), name);
        }
        multipart.Add(new StringContent("family@g.us Family\r\nwork@g.us"), "GroupList.Text");
        var invalid = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields.Where(field => field.Key != "GroupList.Text"))
        {
            invalid.Add(new StringContent(value), name);
        }
        invalid.Add(new StringContent("same@g.us A\nsame@g.us B"), "GroupList.Text");

        var defined = await _admin.PostAsync(form.Action, multipart, Ct);
        var refused = await _admin.PostAsync(form.Action, invalid, Ct);

        Assert.Equal(HttpStatusCode.Redirect, defined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEmpty(HtmlPage.FieldErrors(await refused.ReadAsync(), "GroupList.Text"));
        Assert.Equal(["family@g.us", "work@g.us"], _app.Service<SandboxWorld>().Groups(Ann).Select(group => group.Id));
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task Json_an_endpoint_cannot_read_is_400_naming_where_and_logged_at_information()
    {
        var response = await _admin.PostAsync("/api/external/accounts",
            Body("""{"user_id":"carol","password":"Carol-Passw0rd!","role":"user","disabled":}""", "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Malformed JSON", (await response.ProblemAsync()).GetProperty("title").GetString());
        AssertNoErrorLogged();
        AssertLoggedAsClientFault("from the request body as JSON");
    }
}
