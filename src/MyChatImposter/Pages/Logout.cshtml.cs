using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MyChatImposter.Accounts;

namespace MyChatImposter.Pages;

// Logout is a POST (with the antiforgery token): a link or an image elsewhere cannot sign anybody out.
public sealed class LogoutModel(AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.UserId() is { } userId)
        {
            await audit.RecordAsync(AuditEvents.Logout, userId, userId,
                new Dictionary<string, string> { ["session"] = User.FindFirst(ImposterClaims.SessionFingerprint)?.Value ?? "" },
                cancellationToken);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Login");
    }
}
