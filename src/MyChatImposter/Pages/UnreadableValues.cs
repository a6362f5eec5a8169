using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MyChatImposter.Pages;

// A submitted value that cannot be converted to the type it binds to (a checkbox posting "x", a select
// posting a role that does not exist) is nothing the site's forms send. A handler that refuses it and
// redirects keeps doing so ("Nothing changed" on the accounts page). A page that would be shown again with
// it answers 400 instead: its view cannot show the value (the checkbox tag helper throws FormatException on
// a non-boolean attempted value, which was a 500 on the AI page for Input.ForgetKey=x).
public static class UnreadableValues
{
    private static readonly object ItemKey = new();

    public static void AddTo(MvcOptions options)
    {
        options.ModelBinderProviders.Insert(0, new BinderProvider(options.ModelBinderProviders));
        options.Filters.Add(new PageShownAgainFilter());
    }

    private static HashSet<string>? Failed(HttpContext context) => context.Items[ItemKey] as HashSet<string>;

    // Wraps the binder the framework would use for a simple value (bool, number, enum, date…) to note the
    // keys whose value was there but could not be converted.
    private sealed class BinderProvider(IList<IModelBinderProvider> providers) : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context)
        {
            if (context.Metadata.IsComplexType || context.Metadata.ModelType == typeof(string))
            {
                return null;
            }
            foreach (var provider in providers)
            {
                if (provider != this && provider.GetBinder(context) is { } binder)
                {
                    return new NotingBinder(binder);
                }
            }
            return null;
        }
    }

    private sealed class NotingBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (!bindingContext.Result.IsModelSet
                && bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry.Errors.Count > 0)
            {
                var items = bindingContext.HttpContext.Items;
                var failed = Failed(bindingContext.HttpContext) ?? [];
                failed.Add(bindingContext.ModelName);
                items[ItemKey] = failed;
            }
        }
    }

    private sealed class PageShownAgainFilter : IAsyncResultFilter
    {
        public Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            // Still in ModelState: a handler that cleared it (the AI page's preview) shows the page without the value.
            if (context.Result is PageResult && Failed(context.HttpContext) is { } failed
                && failed.Any(key => context.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0))
            {
                context.Result = new BadRequestResult();
            }
            return next();
        }
    }
}
