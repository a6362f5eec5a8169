using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MyChatImposter.LoadTests;

// The host the scenario talks to: either a child process started here on a fresh SQLite file, so every
// run begins from the same empty state and its memory can be read, or a host someone else runs (--url).
public sealed class HostUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private const int OutputLinesKept = 40;

    private readonly Process? _process;
    // Deleted with the host: the temporary folder StartAsync made, not one the caller passed in.
    private readonly DirectoryInfo? _dataDirectory;
    private readonly Queue<string> _output = new();

    private HostUnderTest(Uri baseAddress, Process? process, DirectoryInfo? dataDirectory, string description)
    {
        BaseAddress = baseAddress;
        _process = process;
        _dataDirectory = dataDirectory;
        Description = description;
    }

    public Uri BaseAddress { get; }

    public string Description { get; }

    public bool IsStartedHere => _process is not null;

    // Every line the host writes (stdout and stderr), as it arrives: a benchmark can time the host's own log
    // events. Raised on the reader's thread; keep handlers short.
    public event Action<string>? OutputLine;

    public int? ProcessId => _process?.Id;

    // Checked once up front: a wrong --url should fail here, not produce a report full of errors.
    public static async Task<HostUnderTest> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = new HostUnderTest(url, null, null, $"running host at {url}");
        await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(5), cancellationToken);
        return host;
    }

    // hostArguments come after the defaults below and override them (the last value of a key wins). With a
    // dataDirectory the host runs on that folder's database, which outlives this host (a restart after a
    // crash starts on it again; the administrator is created only the first time).
    public static async Task<HostUnderTest> StartAsync(
        string repositoryRoot, CancellationToken cancellationToken, IReadOnlyList<string>? hostArguments = null, string? hostDll = null,
        DirectoryInfo? dataDirectory = null)
    {
        var dll = hostDll ?? Path.Combine(repositoryRoot, "src", "MyChatImposter", "bin", "Release", "net10.0", "MyChatImposter.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} does not exist. Build the host first: dotnet build -c Release src/MyChatImposter");
        }

        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("mychatimposter-load-");
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The host resolves relative paths against its working directory; keep anything it writes
            // out of the repository.
            WorkingDirectory = dataDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     dll, "--urls", baseAddress.ToString().TrimEnd('/'),
                     "--Storage:Sqlite:Path", Path.Combine(dataDirectory.FullName, "load.db"),
                     // MONGODB_URL in the caller's environment would otherwise switch the host to MongoDB.
                     "--Storage:Provider", "Sqlite",
                     // Every virtual user signs in from 127.0.0.1; the per-address login limit is not under test.
                     "--Auth:LoginAttemptsPerMinute", "10000",
                 }.Concat(hostArguments ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        // An administrator for the virtual users to sign in as, made the way an operator would.
        if (!File.Exists(Path.Combine(dataDirectory.FullName, "load.db")))
        {
            await CreateAdminAsync(dll, dataDirectory.FullName, cancellationToken);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostUnderTest(baseAddress, process, ownsData ? dataDirectory : null, $"started here: dotnet {Path.GetFileName(dll)} (SQLite in {dataDirectory.FullName})");
        // Drain both pipes: a host blocked on a full pipe would look like a slow host. The tail is kept
        // to explain a failed start.
        process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await host.WaitUntilHealthyAsync(StartTimeout, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public const string AdminUser = "loadtest";
    public const string AdminPassword = "Load-Test-Passw0rd!";

    private static async Task CreateAdminAsync(string dll, string dataDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     dll, "create-admin", AdminUser,
                     "--Storage:Provider=Sqlite", $"--Storage:Sqlite:Path={Path.Combine(dataDirectory, "load.db")}",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        await process.StandardInput.WriteLineAsync(AdminPassword);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-admin failed: {await error}");
        }
    }

    // Peak resident memory of the host so far (VmHWM), in bytes; null for a host not started here.
    public long? PeakWorkingSetBytes()
    {
        if (_process is null || _process.HasExited)
        {
            return null;
        }
        if (OperatingSystem.IsLinux())
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            // "VmHWM:	  123456 kB"
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    // Resident memory of the host now (VmRSS), in bytes; null for a host not started here.
    public long? WorkingSetBytes()
    {
        if (_process is null || _process.HasExited)
        {
            return null;
        }
        if (OperatingSystem.IsLinux())
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public TimeSpan? CpuTime()
    {
        if (_process is null || _process.HasExited)
        {
            return null;
        }
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public string? ExitedUnexpectedly() =>
        _process is { HasExited: true } ? $"The host exited with code {_process.ExitCode}. Last output:\n{OutputTail()}" : null;

    // SIGKILL: the host ends at once, mid-write, as in a power cut or an OOM kill (no shutdown, no drain).
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync(_process);
            _process.Dispose();
        }
        try
        {
            _dataDirectory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a finished run for.
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (ExitedUnexpectedly() is { } exited)
            {
                throw new InvalidOperationException(exited);
            }
            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
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
        throw new InvalidOperationException(
            $"GET {BaseAddress}health did not answer 200 within {timeout.TotalSeconds:0} s.{(IsStartedHere ? $" Last output:\n{OutputTail()}" : "")}");
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        // SIGTERM lets the host shut down as it would under systemd or docker; kill only if it hangs.
        if (!OperatingSystem.IsWindows())
        {
            _ = SendSignal(process.Id, SigTerm);
        }
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    // Port 0 lets the OS pick a free port; another process could take it before the host binds, which
    // shows up as a failed start rather than as wrong figures.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        OutputLine?.Invoke(line);
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }

    private string OutputTail()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
