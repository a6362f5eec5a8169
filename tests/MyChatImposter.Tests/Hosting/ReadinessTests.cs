using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MyChatImposter.Tests.Storage.Mongo;

namespace MyChatImposter.Tests.Hosting;

// /health says the process serves; /ready says it can do its work: the store answers, and so does the
// WhatsApp bridge when it runs elsewhere. Both probes are anonymous and keep the original's body.
public sealed class ReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, string? Body)> ProbeAsync(ImposterApp app, string path)
    {
        var response = await app.CreateClient("10.0.0.7").GetAsync(path, Ct);
        return (response.StatusCode, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["status"]);
    }

    private static readonly (HttpStatusCode, string) Healthy = (HttpStatusCode.OK, "healthy");
    private static readonly (HttpStatusCode, string) Unhealthy = (HttpStatusCode.ServiceUnavailable, "unhealthy");

    // Polls: nothing signals when the driver has found its server again.
    private static async Task<(HttpStatusCode, string?)> ProbeUntilAsync(ImposterApp app, string path, (HttpStatusCode, string) wanted)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answer = await ProbeAsync(app, path);
            if (answer == wanted || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                return answer;
            }
            await Task.Delay(250, Ct);
        }
    }

    [Fact]
    public async Task A_host_on_its_sqlite_file_is_alive_and_ready_without_signing_in()
    {
        await using var app = new ImposterApp();

        Assert.Equal(Healthy, await ProbeAsync(app, "/health"));
        Assert.Equal(Healthy, await ProbeAsync(app, "/ready"));
    }

    [Fact]
    public async Task Ready_turns_503_while_mongodb_is_stopped_and_back_once_it_runs_again_while_health_stays_200()
    {
        var port = HostProcess.FreePort();
        var standIn = await MongoStandIn.StartAsync(port);
        try
        {
            await using var app = new ImposterApp(new Dictionary<string, string>
            {
                ["Storage:Provider"] = "MongoDb",
                ["Storage:MongoDb:ConnectionString"] = $"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=2000",
                ["Storage:MongoDb:Database"] = "readiness",
            });
            Assert.Equal(Healthy, await ProbeAsync(app, "/ready"));

            standIn.Kill();
            await standIn.WaitForExitAsync(Ct);
            Assert.Equal(Unhealthy, await ProbeAsync(app, "/ready"));
            Assert.Equal(Healthy, await ProbeAsync(app, "/health"));

            standIn = await MongoStandIn.StartAsync(port);
            Assert.Equal(Healthy, await ProbeUntilAsync(app, "/ready", Healthy));
        }
        finally
        {
            standIn.Kill();
        }
    }

    [Fact]
    public async Task Ready_asks_a_bridge_run_elsewhere_and_turns_503_when_it_stops_answering()
    {
        const string secret = "bridge-secret-for-readiness-0123456789";
        var bridge = await BridgeHealthStandIn.StartAsync(secret);
        await using var app = new ImposterApp(new Dictionary<string, string>
        {
            ["WhatsApp:Bridge:Url"] = bridge.Url.ToString(),
            ["WhatsApp:Bridge:Secret"] = secret,
        });
        Assert.Equal(Healthy, await ProbeAsync(app, "/ready"));
        Assert.Equal(1, bridge.Authorized);

        await bridge.DisposeAsync();
        Assert.Equal(Unhealthy, await ProbeAsync(app, "/ready"));
        Assert.Equal(Healthy, await ProbeAsync(app, "/health"));
    }

    [Fact]
    public async Task A_bridge_that_refuses_the_secret_is_not_ready()
    {
        await using var bridge = await BridgeHealthStandIn.StartAsync("the-bridges-own-secret-0123456789");
        await using var app = new ImposterApp(new Dictionary<string, string>
        {
            ["WhatsApp:Bridge:Url"] = bridge.Url.ToString(),
            ["WhatsApp:Bridge:Secret"] = "a-different-secret-0123456789abcdef",
        });

        Assert.Equal(Unhealthy, await ProbeAsync(app, "/ready"));
        Assert.Equal(0, bridge.Authorized);
    }

    // The bridge's GET /health as src/whatsapp-bridge answers it: 200 with the secret, 401 without.
    private sealed class BridgeHealthStandIn : IAsyncDisposable
    {
        private LoopbackServer _server = null!;
        private int _authorized;

        public Uri Url => _server.Url;

        public int Authorized => Volatile.Read(ref _authorized);

        public static async Task<BridgeHealthStandIn> StartAsync(string secret)
        {
            var standIn = new BridgeHealthStandIn();
            standIn._server = await LoopbackServer.StartAsync(app => app.MapGet("/health", (HttpContext context) =>
            {
                if (context.Request.Headers.Authorization != $"Bearer {secret}")
                {
                    return Results.Json(new { error = "unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
                }
                Interlocked.Increment(ref standIn._authorized);
                return Results.Json(new { status = "ok" });
            }));
            return standIn;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
