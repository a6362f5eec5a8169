using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MyChatImposter.LoadTests.Anchors;

// The floor HTTP ingest is compared with: Kestrel answering POST /inbound 202 after reading the same JSON body,
// nothing else. It runs as its own process (the harness started again with the hidden "bare-kestrel"
// sub-command), like the host, so wrk, the host and this app are measured the same way.
public sealed class BareKestrel : IAsyncDisposable
{
    public const string SubCommand = "bare-kestrel";
    public const string InboundPath = "/inbound";

    private readonly Process _process;

    private BareKestrel(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    // "bare-kestrel --port P": serves until SIGTERM.
    public static async Task<int> ServeAsync(string[] args)
    {
        if (args is not ["--port", var portText] || !int.TryParse(portText, out var port))
        {
            Console.Error.WriteLine($"usage: {SubCommand} --port P");
            return 2;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        // Bound to a record and answered with a small JSON body, as the host's sandbox inbound does: reading,
        // parsing and writing JSON are part of the floor.
        app.MapPost(InboundPath, (BareInbound message) => TypedResults.Accepted((string?)null, new BareAccepted(message.MessageId, false)));
        app.MapGet("/health", () => TypedResults.Ok());
        await app.RunAsync();
        return 0;
    }

    public static async Task<BareKestrel> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(BareKestrel).Assembly.Location, SubCommand, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        // The host is a Web SDK app, which runs the server GC; the harness is a console app, which does not.
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"bare| {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bare = new BareKestrel(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await bare.WaitUntilHealthyAsync(cancellationToken);
            return bare;
        }
        catch
        {
            await bare.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bare Kestrel app exited with code {_process.ExitCode}.");
            }
            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException("The bare Kestrel app did not answer /health within 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record BareInbound(
        [property: JsonPropertyName("message_id")] string MessageId,
        [property: JsonPropertyName("correspondent_id")] string CorrespondentId,
        [property: JsonPropertyName("display_name")] string? DisplayName,
        [property: JsonPropertyName("text")] string? Text);

    private sealed record BareAccepted(
        [property: JsonPropertyName("message_id")] string MessageId,
        [property: JsonPropertyName("duplicate")] bool Duplicate);
}
