using Microsoft.AspNetCore.Mvc.Filters;

namespace MyChatImposter.Pages;

// A request that none of a page's handlers is meant for is a 404: a handler name the page does not have
// (?handler=Nope), or a method the page has no handler for (a POST to a page whose POST handlers are all
// named). Razor Pages would run the page's unnamed handler for any name (OnPost saving for ?handler=Nope),
// or render the page with no handler run and its model never loaded: a NullReferenceException in the view.
// Only a page without handlers (a plain view) is rendered without one, and only for GET and HEAD.
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    private const string Handler = "handler";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var requested = RequestedName(context);
        var selected = context.HandlerMethod;
        var unknown = selected is null
            ? context.ActionDescriptor.HandlerMethods.Count > 0 || !(HttpMethods.IsGet(context.HttpContext.Request.Method)
                || HttpMethods.IsHead(context.HttpContext.Request.Method))
            : requested is not null && !string.Equals(selected.Name, requested, StringComparison.OrdinalIgnoreCase);
        if (unknown)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }
        return next();
    }

    // Where Razor Pages reads the handler name: the route value, else the first "handler" query value.
    private static string? RequestedName(PageHandlerExecutingContext context)
    {
        var fromRoute = Convert.ToString(context.RouteData.Values[Handler], System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(fromRoute))
        {
            return fromRoute;
        }
        return context.HttpContext.Request.Query.TryGetValue(Handler, out var fromQuery) ? fromQuery[0] : null;
    }
}
