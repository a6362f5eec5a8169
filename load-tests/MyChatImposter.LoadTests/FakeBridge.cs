using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

using MyChatImposter.ChatProviders.WhatsApp;

namespace MyChatImposter.LoadTests;

// The WhatsApp bridge with fake WhatsApp sockets (src/whatsapp-bridge/test-support/fake-main.js) as a child
// process on a data folder of its own, and its /fake/ control routes (bridge README: "Fake bridge (tests and
// benchmarks)"). Started the way the host's tests start it (FakeBridgeProcess), minus the test framework.
public sealed class FakeBridge : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private FakeBridge(Process process, Uri baseAddress, string secret)
    {
        _process = process;
        BaseAddress = baseAddress;
        Secret = secret;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
    }

    public Uri BaseAddress { get; }

    public string Secret { get; }

    // Every request carries the bridge's secret.
    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public static async Task<FakeBridge> StartAsync(string repositoryRoot, string dataDirectory, CancellationToken cancellationToken)
    {
        var bridgeDirectory = Path.Combine(repositoryRoot, "src", "whatsapp-bridge");
        if (!Directory.Exists(Path.Combine(bridgeDirectory, "node_modules")))
        {
            throw new InvalidOperationException($"{bridgeDirectory}/node_modules does not exist. Install the bridge first: (cd src/whatsapp-bridge && npm ci)");
        }
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = bridgeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // For profiling, e.g. BRIDGE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (node refuses those in NODE_OPTIONS).
        foreach (var nodeArgument in (Environment.GetEnvironmentVariable("BRIDGE_NODE_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(nodeArgument);
        }
        start.ArgumentList.Add("test-support/fake-main.js");
        start.Environment["BRIDGE_SECRET"] = secret;
        start.Environment["BRIDGE_CREDENTIALS_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["BRIDGE_PORT"] = "0";
        start.Environment["BRIDGE_DATA_DIR"] = dataDirectory;
        // Our end of its stdin: if the harness dies, even by SIGKILL, the bridge goes too.
        start.Environment["BRIDGE_EXIT_WITH_PARENT"] = "1";
        start.Environment["BRIDGE_LOG_LEVEL"] = "warn";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        // Drained so a chatty bridge never blocks on a full pipe; the tail explains a failed start.
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (BridgeListeningLine.TryReadPort(line, out var port))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new FakeBridge(process, new Uri($"http://127.0.0.1:{port}/"), secret);
            }
        }
        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"The fake bridge exited with {process.ExitCode} before listening: {await errors}");
    }

    public Task<JsonObject> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonObject> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonObject> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, path), cancellationToken);

    // A 404 from a /fake/sessions route means "no live socket (yet)": the caller may retry.
    public async Task<(bool Found, JsonObject? Body)> TryPostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return (false, null);
        }
        return response.IsSuccessStatusCode
            ? (true, JsonNode.Parse(text)!.AsObject())
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    public static string UserPath(string userId, string action) => $"fake/sessions/{Uri.EscapeDataString(userId)}/{action}";

    // Resident memory as the bridge itself reports it, and its V8 heap in use.
    public async Task<(long RssBytes, long HeapUsedBytes, int Sessions)> StatsAsync(CancellationToken cancellationToken)
    {
        var stats = await GetAsync("fake/stats", cancellationToken);
        return ((long)stats["rssBytes"]!, (long)stats["heapUsedBytes"]!, (int)stats["sessions"]!);
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.StandardInput.Close(); // the bridge's signal to stop (BRIDGE_EXIT_WITH_PARENT)
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        _process.Dispose();
    }

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? JsonNode.Parse(text)!.AsObject()
                : throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
        }
    }
}
