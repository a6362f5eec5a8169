using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

using MyChatImposter.Tests.ChatProviders.WhatsApp;

namespace MyChatImposter.Tests.Hosting;

// The host run as its own OS process (`dotnet MyChatImposter.dll`), the way a user starts it.
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];
    private readonly Lock _gate = new();

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    // What the host has written to its console so far, standard output and error interleaved.
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_gate)
            {
                return [.. _output];
            }
        }
    }

    public static HostProcess Start(string workingDirectory, params string[] arguments) =>
        StartAssembly(HostAssemblyPath(), workingDirectory, arguments);

    // A host built elsewhere (a `dotnet publish` output, say), started the same way.
    public static HostProcess StartAssembly(string assemblyPath, string workingDirectory, params string[] arguments)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // No inherited MongoDB setting: this process must show the zero-configuration default.
        start.Environment.Remove("MONGODB_URL");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        var host = new HostProcess(process, baseAddress);
        process.OutputDataReceived += (_, line) => host.OnLine(line.Data);
        process.ErrorDataReceived += (_, line) => host.OnLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    // Completes when the host has written a line containing the text to its console log (since it started).
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }
            _waits.Add((text, seen));
        }
        try
        {
            await seen.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                throw new TimeoutException($"the host never wrote '{text}'; its last lines:\n{string.Join('\n', _output.TakeLast(30))}");
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.Add(line);
            foreach (var wait in _waits.Where(wait => line.Contains(wait.Text, StringComparison.Ordinal)).ToList())
            {
                wait.Seen.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }

    // SIGKILL: the process ends where it is, with no shutdown code run.
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    // Runs the host's executable as a one-off command (e.g. create-admin) and waits for it to exit.
    public static Task<(int ExitCode, string Output, string Error)> RunCommandAsync(
        string workingDirectory, string? standardInput, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(HostAssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("MONGODB_URL");
        return RunToEndAsync(start, standardInput, cancellationToken);
    }

    // Any program run to its end (dotnet publish, a start script), its output and error read whole.
    public static async Task<(int ExitCode, string Output, string Error)> RunToEndAsync(
        ProcessStartInfo start, string? standardInput, CancellationToken cancellationToken)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    public const string AdminId = "root";
    public const string AdminPassword = "Script-Passw0rd!";

    public static async Task CreateAdminAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        var (exitCode, _, error) = await RunCommandAsync(workingDirectory, AdminPassword + "\n", ["create-admin", AdminId], cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"create-admin failed: {error}");
        }
    }

    // Signs the client in as the admin made by CreateAdminAsync; the cookie is sent by hand afterwards.
    public static async Task SignInAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var login = await client.PostAsJsonAsync("/api/external/auth/login", new { user_id = AdminId, password = AdminPassword }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var setCookie = login.Headers.GetValues("Set-Cookie").First();
        client.DefaultRequestHeaders.Add("Cookie", setCookie[..setCookie.IndexOf(';')]);
    }

    // Polls /health until it answers 200; the only signal a separate process offers.
    public async Task<TimeSpan> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {_process.ExitCode}");
            }
            try
            {
                using var response = await client.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return stopwatch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new TimeoutException($"/health did not answer 200 within {timeout}");
    }

    // Polls a condition of the running host (another process offers no event to await).
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken) =>
        CrossProcess.EventuallyAsync(condition, "a condition of the host process", timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    // The host's build output, in the same configuration as this test assembly.
    public static string HostAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;   // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot(), "src", "MyChatImposter", "bin", configuration, "net10.0", "MyChatImposter.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the host first", path);
    }

    public static string RepositoryRoot()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "MyChatImposter.sln")))
        {
            repository = repository.Parent;
        }
        if (repository is null)
        {
            throw new InvalidOperationException("the repository root (MyChatImposter.sln) was not found");
        }
        return repository.FullName;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
