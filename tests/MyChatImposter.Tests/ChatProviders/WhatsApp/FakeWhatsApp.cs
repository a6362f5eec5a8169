using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MyChatImposter.ChatProviders.WhatsApp;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// The real bridge with fake WhatsApp sockets (src/whatsapp-bridge/test-support/fake-main.js) and its /fake/
// control routes: WhatsApp itself is the one part that cannot run here, so it is replaced at the outermost
// edge, below the bridge (README of the bridge: "Fake bridge (tests and benchmarks)").
public sealed class FakeWhatsApp(BridgeAddress bridge) : IDisposable
{
    public const string EntryScript = "test-support/fake-main.js";

    private readonly HttpClient _http = new() { BaseAddress = bridge.BaseUrl };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Skips the calling test without Node.js 20+ (fails it under CI, which installs it).
    public static void RequireNode()
    {
        string? version = null;
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            version = node?.StandardOutput.ReadToEnd().Trim();
            node?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        if (version is not null && int.TryParse(version.TrimStart('v').Split('.')[0], out var major) && major >= 20)
        {
            return;
        }
        const string missing = "needs Node.js 20+ and npm on the PATH for the WhatsApp bridge (https://nodejs.org/en/download); `bash .ci/run` runs these tests";
        Requirement.Missing(missing);
    }

    // Host settings that make the embedded bridge the fake one, with its data under dataDirectory and quick
    // reconnects (the test waits on real time for the child process).
    public static Dictionary<string, string> EmbeddedSettings(string dataDirectory, int qrRotateMs = 0) => new()
    {
        ["WhatsApp:Bridge:EntryScript"] = EntryScript,
        ["WhatsApp:Bridge:DataDirectory"] = Path.Combine(dataDirectory, "whatsapp-bridge"),
        ["WhatsApp:Bridge:ReconnectMinDelay"] = "00:00:00.050",
        ["WhatsApp:Bridge:ReconnectMaxDelay"] = "00:00:00.500",
        ["WhatsApp:Bridge:Environment:FAKE_QR_ROTATE_MS"] = qrRotateMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task<JsonObject> ScanAsync(string userId) => PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/scan", new { });

    public Task<JsonObject> RotateQrAsync(string userId) => PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/qr", new { });

    public Task<JsonObject> CloseAsync(string userId, int statusCode) =>
        PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/close", new { statusCode });

    // One upsert of direct text messages from `from`; returns once the bridge has them in its outbox.
    public Task<JsonObject> ReceiveAsync(string userId, string from, string pushName, params (string Id, string Text)[] messages) =>
        PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/messages", new
        {
            messages = messages.Select(message => new { id = message.Id, from, text = message.Text, pushName }).ToArray(),
        });

    // One upsert of group text messages from `from` in the group.
    public Task<JsonObject> ReceiveGroupAsync(string userId, string groupId, string subject, string from, string pushName,
        params (string Id, string Text)[] messages) =>
        PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/messages", new
        {
            messages = messages.Select(message => new { id = message.Id, from, text = message.Text, pushName, group = new { id = groupId, subject } }).ToArray(),
        });

    public Task<JsonObject> StartStreamAsync(string userId, int count, string prefix, int batchSize = 50, int maxPending = 1000) =>
        PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/stream", new { count, prefix, batchSize, maxPending });

    public Task<JsonObject> StreamAsync(string userId) => GetAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/stream");

    public Task<JsonObject> SentAsync(string userId) => GetAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/sent");

    public Task<JsonObject> RateLimitAsync(string userId, int count) =>
        PostAsync($"fake/sessions/{Uri.EscapeDataString(userId)}/rate-limit", new { count });

    // Every id the fake socket emitted and the bridge took into its outbox, from the file the fake keeps
    // (it outlives a SIGKILL of the bridge).
    public static IReadOnlyList<string> EmittedIds(string bridgeDataDirectory, string userId)
    {
        var path = Path.Combine(bridgeDataDirectory, "fake-emitted", $"{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(userId))}.log");
        return File.Exists(path) ? [.. File.ReadAllLines(path).Where(line => line.Length > 0)] : [];
    }

    private async Task<JsonObject> PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await SendAsync(request);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    private async Task<JsonObject> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bridge.Secret);
        using var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}
