using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// /login: the sign-in form, with form-level errors in .form-errors (role alert).
public sealed class LoginPage
{
    public const string Path = "/login";

    private readonly IPage _page;

    private LoginPage(IPage page) => _page = page;

    public ILocator Form => _page.Locator("#login-form");

    public ILocator UserId => Form.Locator("input[name='Input.UserId']");

    public ILocator Password => Form.Locator("input[name='Input.Password']");

    public ILocator ErrorMessage => Form.Locator(".form-errors");

    public static async Task<LoginPage> OpenAsync(IPage page)
    {
        await page.GotoAsync(Path);
        return await ExpectShownAsync(page);
    }

    // Also where a signed-out visitor lands when they open a protected page.
    public static async Task<LoginPage> ExpectShownAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(SitePath.Is(Path));
        await Expect(page.Locator("#login-form")).ToBeVisibleAsync();
        return new LoginPage(page);
    }

    public async Task<BotsPage> SignInAsync(string userId, string password)
    {
        await SubmitAsync(userId, password);
        return await BotsPage.ExpectShownAsync(_page);
    }

    // The form comes back with an error; the URL does not change, so the error is the sign that it has.
    public async Task<LoginPage> SignInExpectingRejectionAsync(string userId, string password)
    {
        await SubmitAsync(userId, password);
        await Expect(ErrorMessage).Not.ToBeEmptyAsync();
        return await ExpectShownAsync(_page);
    }

    // Where the browser lands depends on how the form was reached (?ReturnUrl=...): the caller checks.
    public async Task SubmitAsync(string userId, string password)
    {
        await UserId.FillAsync(userId);
        await Password.FillAsync(password);
        await Form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
