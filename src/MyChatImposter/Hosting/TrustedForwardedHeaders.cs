using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MyChatImposter.Hosting;

// X-Forwarded-For / X-Forwarded-Proto are believed only from the reverse proxies the operator names
// (Auth:TrustedProxies, single addresses, and Auth:TrustedNetworks, CIDR networks).
//
// ForwardedHeadersMiddleware checks the sender against its known proxies and networks only when at least one
// is configured: with both lists empty it believes every sender. So with nothing configured the middleware is
// not added at all, and the socket's address and scheme are what the login throttle, the lockout, the audit
// log and the cookie see.
public static class TrustedForwardedHeaders
{
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework's loopback default is dropped: a proxy on the same machine is named like any other.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in auth.Value.TrustedProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in auth.Value.TrustedNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        var auth = app.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        return auth.TrustedProxies.Count == 0 && auth.TrustedNetworks.Count == 0 ? app : app.UseForwardedHeaders();
    }

    public static bool AreValidProxies(IEnumerable<string> proxies) => proxies.All(proxy => IPAddress.TryParse(proxy, out _));

    public static bool AreValidNetworks(IEnumerable<string> networks) =>
        networks.All(network => System.Net.IPNetwork.TryParse(network, out _));
}
