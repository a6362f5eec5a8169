using MyChatImposter.Pages.Bots;

namespace MyChatImposter.Pages;

// The admin site's Razor Pages, with what keeps malformed requests from reaching a page as a 500: unknown
// handlers are 404, unreadable keys and values 400 (see each class).
public static class SitePages
{
    public static IServiceCollection AddSitePages(this IServiceCollection services)
    {
        services.AddRazorPages(options => options.Conventions.AllowAnonymousToPage("/Login")
                .AllowAnonymousToPage("/Setup").AllowAnonymousToPage("/AccessDenied").AddBotPages())
            .AddMvcOptions(options =>
            {
                options.Filters.Add(new UnknownHandlerFilter());
                MalformedKeyGuard.Wrap(options.ValueProviderFactories);
                UnreadableValues.AddTo(options);
            });
        return services;
    }
}
