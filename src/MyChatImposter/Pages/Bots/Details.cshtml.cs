using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MyChatImposter.Accounts;
using MyChatImposter.Configuration;
using MyChatImposter.Storage;

namespace MyChatImposter.Pages.Bots;

// One bot's configuration. Ownership comes from the {user_id} route value, as for the API.
[Authorize(Policy = ApiPolicies.OwnerOrAdmin)]
public sealed class DetailsModel(IBotConfigurationStore store) : PageModel
{
    public string UserId { get; private set; } = "";

    public UserConfiguration? Configuration { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        UserId = userId;
        Configuration = UserIdRule.IsValid(userId) ? await store.GetAsync(userId, cancellationToken) : null;
        return Configuration is null ? NotFound() : Page();
    }
}
