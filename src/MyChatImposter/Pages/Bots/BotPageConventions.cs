using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace MyChatImposter.Pages.Bots;

// The folder convention for the bot pages: owner or admin by the route's {user_id} (the API's policy), and
// the bot loaded once, or a "bot not found" page. The new-bot page is not in this folder: its bot does not
// exist yet and its user id is typed, not routed.
public static class BotPageConventions
{
    public const string Folder = "/Bots";

    public static PageConventionCollection AddBotPages(this PageConventionCollection conventions)
    {
        conventions.AuthorizeFolder(Folder, ApiPolicies.OwnerOrAdmin);
        conventions.AddFolderApplicationModelConvention(Folder, model => model.Filters.Add(new BotPageFilter()));
        return conventions;
    }
}

public sealed class BotPageFilter : IAsyncPageFilter
{
    public const string NotFoundView = "/Pages/Shared/BotNotFound.cshtml";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerInstance is not BotPageModel page)
        {
            await next();
            return;
        }
        var userId = context.RouteData.Values[OwnerOrAdminRequirement.RouteValueName] as string ?? "";
        var store = context.HttpContext.RequestServices.GetRequiredService<IBotConfigurationStore>();
        var configuration = UserIdRule.IsValid(userId)
            ? await store.GetAsync(userId, context.HttpContext.RequestAborted)
            : null;
        if (configuration is null)
        {
            context.Result = new ViewResult
            {
                ViewName = NotFoundView,
                StatusCode = StatusCodes.Status404NotFound,
                ViewData = new ViewDataDictionary<string>(page.ViewData, userId),
            };
            return;
        }
        page.Show(configuration);
        await next();
    }
}
