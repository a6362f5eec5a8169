using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using MyChatImposter.Accounts;
using MyChatImposter.Storage;

namespace MyChatImposter.Pages;

// Administrators see every bot; a regular user sees their own.
public sealed class IndexModel(IBotConfigurationStore store, IOptions<StorageOptions> storageOptions) : PageModel
{
    public IReadOnlyList<string> UserIds { get; private set; } = [];

    public string StorageDescription => storageOptions.Value.Provider.ToString();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.IsAdmin())
        {
            UserIds = await store.ListUserIdsAsync(cancellationToken);
            return;
        }
        var own = User.UserId()!;
        UserIds = await store.GetAsync(own, cancellationToken) is null ? [] : [own];
    }
}
