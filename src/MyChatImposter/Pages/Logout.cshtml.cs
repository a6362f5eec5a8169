namespace MyChatImposter.Pages;

// Logout is a POST (with the antiforgery token): a link or an image elsewhere cannot sign anybody out.
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await SessionSignIn.SignOutAsync(HttpContext);
        return RedirectToPage("/Login");
    }
}
