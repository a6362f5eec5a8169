using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using MyChatImposter.Storage;

namespace MyChatImposter.Pages;

public sealed class IndexModel(IBotConfigurationStore store, IOptions<StorageOptions> storageOptions) : PageModel
{
    public IReadOnlyList<string> UserIds { get; private set; } = [];

    public string StorageDescription => storageOptions.Value.Provider.ToString();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        UserIds = await store.ListUserIdsAsync(cancellationToken);
}
