using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Pages.Bots;

namespace MyChatImposter.Tests.Pages.Bots;

// The bot pages as one set (BotPageConventions): every page of the folder, found from the host's own route
// table so a page added later is covered without touching this test, is refused to another user, answers the
// "bot not found" page for a bot that does not exist, and opens for its owner.
public sealed class BotPageConventionTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _app.SaveBotAsync(Ann);
        await _app.SaveBotAsync(BotPages.Bob);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Each bot page's address with {user_id} to fill in, from the endpoints the host maps.
    private IReadOnlyList<string> BotPageRoutes()
    {
        var routes = _app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page
                && page.ViewEnginePath.StartsWith(BotPageConventions.Folder + "/", StringComparison.Ordinal))
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.Replace("/{handler?}", ""))
            .Distinct()
            .ToList();
        Assert.Contains("/bots/{user_id}", routes);
        Assert.True(routes.Count >= 12, $"Only {routes.Count} bot pages were found: {string.Join(", ", routes)}");
        return routes;
    }

    [Fact]
    public void Every_page_of_the_folder_is_a_bot_page_without_its_own_authorization()
    {
        var pageModels = typeof(BotPageModel).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(BotPageModel).Namespace && type.IsSubclassOf(typeof(PageModel)) && !type.IsAbstract)
            .ToList();

        Assert.NotEmpty(pageModels);
        Assert.All(pageModels, type =>
        {
            Assert.True(type.IsSubclassOf(typeof(BotPageModel)), $"{type.Name} is not a BotPageModel.");
            Assert.Null(type.GetCustomAttribute<AuthorizeAttribute>());
        });
    }

    [Fact]
    public async Task Another_users_bot_is_refused_on_every_page()
    {
        var bob = await _app.BobClientAsync();

        foreach (var route in BotPageRoutes())
        {
            BotPages.AssertAccessDenied(await bob.GetAsync(route.Replace("{user_id}", Ann), Ct));
        }
    }

    [Fact]
    public async Task A_bot_that_does_not_exist_is_the_bot_not_found_page_everywhere()
    {
        var admin = await _app.AdminClientAsync();

        foreach (var route in BotPageRoutes())
        {
            await (await admin.GetAsync(route.Replace("{user_id}", "ghost"), Ct)).AssertBotNotFoundAsync("ghost");
        }
        // Not a valid user id at all: the same page, never a 500.
        await (await admin.GetAsync("/bots/no%20such%20bot!", Ct)).AssertBotNotFoundAsync("no such bot!");
    }

    [Fact]
    public async Task The_owner_opens_every_page_of_their_bot()
    {
        var bob = await _app.BobClientAsync();

        foreach (var route in BotPageRoutes())
        {
            var response = await bob.GetAsync(route.Replace("{user_id}", BotPages.Bob), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} answered {(int)response.StatusCode}.");
        }
    }
}
