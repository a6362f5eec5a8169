using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Webhooks;

// A webhook receiver for tests: real Kestrel on 127.0.0.1 with a free port, answering every POST with the
// next status of its script (then Fallback) and recording each request; RequestAsync(n) waits for the n-th.
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ReceivedWebhook>> _arrivals = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Fallback { get; set; } = StatusCodes.Status200OK;

    public int Count => Volatile.Read(ref _count);

    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        foreach (var status in statuses)
        {
            receiver._script.Enqueue(status);
        }
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.Single().TrimEnd('/') + "/hook");
        return receiver;
    }

    public Task<ReceivedWebhook> RequestAsync(int number) =>
        Arrival(number).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        context.Response.StatusCode = _script.TryDequeue(out var status) ? status : Fallback;
        var number = Interlocked.Increment(ref _count);
        Arrival(number).TrySetResult(new ReceivedWebhook(body, headers, context.Response.StatusCode));
    }

    private TaskCompletionSource<ReceivedWebhook> Arrival(int number) =>
        _arrivals.GetOrAdd(number, _ => new TaskCompletionSource<ReceivedWebhook>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Body, IReadOnlyDictionary<string, string> Headers, int AnsweredWith)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}
