using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders.WhatsApp;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// A bridge that says exactly what a test scripts, for what the real one never does (frames it cannot
// produce, closing on the host): Kestrel on a free loopback port, the bridge's status and initialize
// routes answering "connected", and the events WebSocket handing each connection to the test.
public sealed class ScriptedBridge : IAsyncDisposable
{
    public const string Secret = "scripted-bridge-secret-0123456789";

    private readonly WebApplication _app;
    private readonly Channel<BridgeConnection> _connections = Channel.CreateUnbounded<BridgeConnection>();
    private readonly ConcurrentBag<BridgeConnection> _opened = [];

    private ScriptedBridge(WebApplication app) => _app = app;

    public BridgeAddress Address { get; private set; } = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public Dictionary<string, string> HostSettings => new()
    {
        ["WhatsApp:Bridge:Url"] = Address.BaseUrl.ToString(),
        ["WhatsApp:Bridge:Secret"] = Secret,
        ["WhatsApp:Bridge:ReconnectMinDelay"] = "00:00:00.050",
        ["WhatsApp:Bridge:ReconnectMaxDelay"] = "00:00:00.200",
    };

    public static async Task<ScriptedBridge> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var bridge = new ScriptedBridge(app);
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            bridge.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Headers.Authorization != $"Bearer {Secret}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapGet("/sessions/{userId}/status", () => Results.Json(new { status = "connected", qr = (string?)null, user_jid = "4915100000000@s.whatsapp.net" }));
        app.MapPost("/initialize", () => Results.Json(new { status = "connecting" }));
        app.Map("/sessions/{userId}/events", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new BridgeConnection(socket);
            bridge._opened.Add(connection);
            await bridge._connections.Writer.WriteAsync(connection);
            await connection.Done.Task;
        });
        await app.StartAsync();
        bridge.Address = new BridgeAddress(new Uri(app.Urls.Single().TrimEnd('/') + "/"), Secret);
        return bridge;
    }

    // The next WebSocket the host opens.
    public async Task<BridgeConnection> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        // Open connections end with the server instead of holding its shutdown.
        foreach (var connection in _opened)
        {
            connection.Done.TrySetResult();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

// One WebSocket from the host, driven by the test: send raw frames, read the host's frames, close.
public sealed class BridgeConnection(WebSocket socket)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task SendAsync(string frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);

    public Task SendAsync(JsonNode frame) => SendAsync(frame.ToJsonString());

    // The host's next frame with this action (others are skipped: heartbeats may come in between).
    public async Task<JsonObject> ReceiveAsync(string action)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("the host closed the connection");
            }
            var frame = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count))!.AsObject();
            if ((string?)frame["action"] == action)
            {
                return frame;
            }
        }
    }

    public async Task CloseAsync()
    {
        await socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "bridge going away", TestContext.Current.CancellationToken);
        Done.TrySetResult();
    }
}
