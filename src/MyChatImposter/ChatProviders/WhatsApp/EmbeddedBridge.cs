using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace MyChatImposter.ChatProviders.WhatsApp;

// The bridge as the host's own child process (WhatsApp:Bridge:Mode=Embedded): started on first use,
// after installing its npm packages when they are missing; started again by the next caller when it died
// (every provider's reconnect loop asks, so a crash is followed by a restart within the backoff); stopped
// with the host. The child exits by itself when the host dies (stdin closes: BRIDGE_EXIT_WITH_PARENT), so a
// killed host leaves no orphan holding the data folder.
public sealed partial class EmbeddedBridge(
    IOptions<WhatsAppBridgeOptions> options, TimeProvider time, ILogger<EmbeddedBridge> logger) : IWhatsAppBridge, IAsyncDisposable
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    // A bridge that ran this long before dying is not crash-looping: its next start is not delayed.
    private static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(5);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private readonly WhatsAppBridgeOptions _options = options.Value;
    // New for every host run: only this host and its child know it.
    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunningBridge? _running;
    private string? _directory;
    private bool _nodeChecked;
    private int _crashesInARow;
    private DateTimeOffset _notBefore;
    private bool _disposed;

    // For tests and diagnostics: the child's process id while it runs, and how many times one was started.
    public int? ProcessId => _running is { HasExited: false } running ? running.Process.Id : null;

    public int Starts { get; private set; }

    public bool MayHoldUserData => Directory.Exists(DataDirectory);

    private string DataDirectory => Path.GetFullPath(_options.DataDirectory);

    public void EnsureUsable()
    {
        _directory ??= BridgeDirectory.Find(_options.Directory)
            ?? throw new BridgeUnavailableException(
                "The WhatsApp bridge's files (src/whatsapp-bridge) are not next to this build; set WhatsApp:Bridge:Directory to that folder, or WhatsApp:Bridge:Url to a running bridge.");
        if (!_nodeChecked)
        {
            NodeVersion.Require(_options.NodePath);
            _nodeChecked = true;
        }
    }

    public async Task<BridgeAddress> GetAsync(CancellationToken cancellationToken)
    {
        EnsureUsable();
        if (_running is { HasExited: false } alive)
        {
            return alive.Address;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running is { HasExited: false } started)
            {
                return started.Address;
            }
            var wait = _notBefore - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            await InstallIfNeededAsync(_directory!, cancellationToken);
            _running = await StartAsync(_directory!, cancellationToken);
            return _running.Address;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RunningBridge> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_options.NodePath)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_options.EntryScript);
        // Only what node needs: the host's own environment carries its secrets (OPENAI_API_KEY, connection strings).
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "LANG", "TMPDIR", "NODE_EXTRA_CA_CERTS" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }
        foreach (var (name, value) in _options.Environment)
        {
            start.Environment[name] = value;
        }
        Directory.CreateDirectory(DataDirectory);
        start.Environment["BRIDGE_SECRET"] = _secret;
        start.Environment["BRIDGE_CREDENTIALS_KEY"] = CredentialsKey();
        start.Environment["BRIDGE_HOST"] = "127.0.0.1";
        start.Environment["BRIDGE_PORT"] = "0";
        start.Environment["BRIDGE_DATA_DIR"] = DataDirectory;
        start.Environment["BRIDGE_EXIT_WITH_PARENT"] = "1";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"The WhatsApp bridge exited with code {process.ExitCode} before listening."));
        process.Start();
        Starts++;
        var running = new RunningBridge(process, time.GetUtcNow());
        _ = Task.Run(() => ReadOutputAsync(process, listening), CancellationToken.None);
        _ = Task.Run(() => ReadLogAsync(process), CancellationToken.None);
        process.Exited += (_, _) => OnExited(running);
        try
        {
            var port = await listening.Task.WaitAsync(_options.StartTimeout, time, cancellationToken);
            running.Address = new BridgeAddress(new Uri($"http://127.0.0.1:{port}/"), _secret);
            LogStarted(logger, process.Id, port);
            return running;
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    private void OnExited(RunningBridge running)
    {
        if (_disposed)
        {
            return;
        }
        var ranFor = time.GetUtcNow() - running.StartedAt;
        _crashesInARow = ranFor >= StableRun ? 1 : _crashesInARow + 1;
        var delay = TimeSpan.FromTicks(Math.Min(MaxRestartDelay.Ticks, FirstRestartDelay.Ticks << Math.Min(_crashesInARow - 1, 10)));
        _notBefore = time.GetUtcNow() + (ranFor >= StableRun ? TimeSpan.Zero : delay);
        LogExited(logger, running.Process.Id, SafeExitCode(running.Process), _notBefore);
    }

    // The stdout line {"event":"listening","port":N} says where the bridge answers; the rest is ignored.
    private static async Task ReadOutputAsync(Process process, TaskCompletionSource<int> listening)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!listening.Task.IsCompleted && BridgeListeningLine.TryReadPort(line, out var port))
            {
                listening.TrySetResult(port);
            }
        }
    }

    // The bridge logs JSON lines on stderr (no message bodies at info). Warnings and errors are passed on as
    // warnings here; the rest at Debug, so the host's log is not doubled by a chatty child.
    private async Task ReadLogAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            var serious = line.Contains("\"level\":\"warn\"", StringComparison.Ordinal)
                || line.Contains("\"level\":\"error\"", StringComparison.Ordinal)
                || line.Contains("\"level\":\"fatal\"", StringComparison.Ordinal)
                || !line.StartsWith('{');
            if (serious)
            {
                LogBridgeWarning(logger, line);
            }
            else
            {
                LogBridgeLine(logger, line);
            }
        }
    }

    private async Task InstallIfNeededAsync(string directory, CancellationToken cancellationToken)
    {
        if (BridgeDirectory.IsInstalled(directory))
        {
            return;
        }
        // One install at a time in this process, and across processes (two hosts, or tests, sharing a checkout).
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            using var installLock = await BridgeDirectory.LockAsync(directory, _options.InstallTimeout, time, cancellationToken);
            if (BridgeDirectory.IsInstalled(directory))
            {
                return;
            }
            LogInstalling(logger, directory);
            var started = time.GetTimestamp();
            await Npm.CiAsync(_options.NpmPath, directory, _options.InstallTimeout, time, cancellationToken);
            LogInstalled(logger, time.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            InstallGate.Release();
        }
    }

    // WhatsApp:Bridge:CredentialsKey, or the key file made on first start (owner-only permissions).
    private string CredentialsKey()
    {
        if (!string.IsNullOrEmpty(_options.CredentialsKey))
        {
            return _options.CredentialsKey;
        }
        var path = Path.Combine(DataDirectory, "credentials.key");
        if (!File.Exists(path))
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var writer = new StreamWriter(path, fileOptions);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another host made it first; use theirs.
            }
        }
        return File.ReadAllText(path).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_running is not { HasExited: false } running)
            {
                return;
            }
            // Closing stdin is the bridge's signal to end every WhatsApp socket without logging out and exit.
            try
            {
                running.Process.StandardInput.Close();
                using var grace = new CancellationTokenSource(GracefulStop);
                await running.Process.WaitForExitAsync(grace.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or IOException or InvalidOperationException)
            {
                Kill(running.Process);
            }
            LogStopped(logger, running.Process.Id);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception error) when (error is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    private static int? SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private sealed class RunningBridge(Process process, DateTimeOffset startedAt)
    {
        public Process Process { get; } = process;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public BridgeAddress Address { get; set; } = null!;

        public bool HasExited
        {
            get
            {
                try
                {
                    return Process.HasExited;
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "WhatsApp bridge started (process {ProcessId}, port {Port})")]
    private static partial void LogStarted(ILogger logger, int processId, int port);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "WhatsApp bridge process {ProcessId} exited (code {ExitCode}); the next start is not before {NotBefore:O}")]
    private static partial void LogExited(ILogger logger, int processId, int? exitCode, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Installing the WhatsApp bridge's packages in {Directory} (npm ci, first use; about 50 MB)")]
    private static partial void LogInstalling(ILogger logger, string directory);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "WhatsApp bridge packages installed in {Seconds:F0} s")]
    private static partial void LogInstalled(ILogger logger, double seconds);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "WhatsApp bridge process {ProcessId} stopped")]
    private static partial void LogStopped(ILogger logger, int processId);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "WhatsApp bridge: {Line}")]
    private static partial void LogBridgeWarning(ILogger logger, string line);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "WhatsApp bridge: {Line}")]
    private static partial void LogBridgeLine(ILogger logger, string line);
}
