using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MyChatImposter.Pages;

// MVC's jQuery-syntax value providers (a[b]=1 read as a.b, in forms and query strings) throw
// ArgumentException on a key with an unclosed bracket ("x[=1"), which was a 500 before any handler ran.
// Wrapped, such a key is what it is: a malformed request, answered 400 by ClientFaultExceptionHandler.
public sealed class MalformedKeyGuard(IValueProviderFactory inner) : IValueProviderFactory
{
    public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        try
        {
            await inner.CreateValueProviderAsync(context);
        }
        catch (ArgumentException malformed)
        {
            throw new BadHttpRequestException($"A form or query key cannot be read: {malformed.Message}", malformed);
        }
    }

    public static void Wrap(IList<IValueProviderFactory> factories)
    {
        for (var index = 0; index < factories.Count; index++)
        {
            if (factories[index] is JQueryFormValueProviderFactory or JQueryQueryStringValueProviderFactory)
            {
                factories[index] = new MalformedKeyGuard(factories[index]);
            }
        }
    }
}
