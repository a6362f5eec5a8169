using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MyChatImposter.Tests.Hosting;

// The host run as its own OS process (`dotnet MyChatImposter.dll`), the way a user starts it.
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static HostProcess Start(string workingDirectory, params string[] arguments)
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
        start.ArgumentList.Add(HostAssemblyPath());
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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, baseAddress);
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    // The host's build output, in the same configuration as this test assembly.
    private static string HostAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;   // bin/<Configuration>/net10.0
        var repository = testOutput;
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "MyChatImposter.sln")))
        {
            repository = repository.Parent;
        }
        if (repository is null)
        {
            throw new InvalidOperationException("the repository root (MyChatImposter.sln) was not found");
        }
        var path = Path.Combine(repository.FullName, "src", "MyChatImposter", "bin", configuration, "net10.0", "MyChatImposter.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build the host first", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
