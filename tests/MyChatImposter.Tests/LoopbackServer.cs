using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests;

// A small real HTTP server on 127.0.0.1 and a free port, for a test's stand-in of something the host calls
// (a collector, a bridge's health): Kestrel with routing and nothing else. Stopped when disposed.
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private LoopbackServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackServer(app, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
