using System.Diagnostics;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// The host as its own process (dotnet MyChatImposter.dll, the build next to the tests), so a test can kill it
// with SIGKILL: what an in-process host cannot show (no shutdown code runs, nothing is flushed or acknowledged).
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];
    private readonly List<string> _output = [];
    private readonly Lock _gate = new();

    private HostProcess(Process process) => _process = process;

    // settings become --Key value arguments; the working directory holds anything the host writes.
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MyChatImposter.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }
        // The caller's MONGODB_URL would switch this host to MongoDB.
        start.Environment.Remove("MONGODB_URL");
        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        host._process.OutputDataReceived += (_, line) => host.OnLine(line.Data);
        host._process.ErrorDataReceived += (_, line) => host.OnLine(line.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    // Completes when the host has written a line containing the text (its console log), from the start.
    public Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }
            _waits.Add((text, seen));
        }
        return WaitAsync(seen.Task, text, timeout);
    }

    private async Task WaitAsync(Task seen, string text, TimeSpan timeout)
    {
        try
        {
            await seen.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            string tail;
            lock (_gate)
            {
                tail = string.Join('\n', _output.TakeLast(30));
            }
            throw new Xunit.Sdk.XunitException($"the host never wrote '{text}'; its last lines:\n{tail}");
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

    // SIGKILL: the process ends where it is.
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }
}
