using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using MyChatImposter.ChatProviders.WhatsApp;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// The fake bridge run by the test itself, as a separate bridge (WhatsApp:Bridge:Url + Secret) that outlives
// the hosts talking to it: what docker-compose runs, with fake WhatsApp sockets.
public sealed class FakeBridgeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FakeBridgeProcess(Process process, BridgeAddress address, string dataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public BridgeAddress Address { get; }

    public string DataDirectory { get; }

    // Host settings that point at this bridge.
    public Dictionary<string, string> HostSettings => new()
    {
        ["WhatsApp:Bridge:Url"] = Address.BaseUrl.ToString(),
        ["WhatsApp:Bridge:Secret"] = Address.Secret,
        ["WhatsApp:Bridge:ReconnectMinDelay"] = "00:00:00.050",
        ["WhatsApp:Bridge:ReconnectMaxDelay"] = "00:00:00.500",
    };

    public static async Task<FakeBridgeProcess> StartAsync(string dataDirectory)
    {
        FakeWhatsApp.RequireNode();
        var directory = BridgeDirectory.Find(null) ?? throw new InvalidOperationException("src/whatsapp-bridge not found above the test binaries");
        if (!BridgeDirectory.IsInstalled(directory))
        {
            using var installLock = await BridgeDirectory.LockAsync(directory, TimeSpan.FromMinutes(10), TimeProvider.System, TestContext.Current.CancellationToken);
            if (!BridgeDirectory.IsInstalled(directory))
            {
                await Npm.CiAsync("npm", directory, TimeSpan.FromMinutes(10), TimeProvider.System, TestContext.Current.CancellationToken);
            }
        }
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FakeWhatsApp.EntryScript);
        start.Environment["BRIDGE_SECRET"] = secret;
        start.Environment["BRIDGE_CREDENTIALS_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["BRIDGE_PORT"] = "0";
        start.Environment["BRIDGE_DATA_DIR"] = dataDirectory;
        start.Environment["BRIDGE_EXIT_WITH_PARENT"] = "1";
        start.Environment["BRIDGE_LOG_LEVEL"] = "warn";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _ = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (BridgeListeningLine.TryReadPort(line, out var port))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                var address = new BridgeAddress(new Uri($"http://127.0.0.1:{port}/"), secret);
                return new FakeBridgeProcess(process, address, dataDirectory);
            }
        }
        throw new InvalidOperationException($"the fake bridge exited with {process.ExitCode} before listening");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close(); // the bridge's signal to stop
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
