using System.ComponentModel;
using System.Diagnostics;

namespace MyChatImposter.ChatProviders.WhatsApp;

// Where the bridge's package is and whether its npm packages are installed.
internal static class BridgeDirectory
{
    private const string InstallLockFile = ".npm-install.lock";

    // The configured folder, or src/whatsapp-bridge / whatsapp-bridge in the binaries' folder, the working
    // directory or any folder above them.
    public static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "package.json")) ? full : null;
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(folder.FullName, "src", "whatsapp-bridge"), Path.Combine(folder.FullName, "whatsapp-bridge") })
                {
                    if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "package-lock.json")))
                    {
                        return candidate;
                    }
                }
            }
        }
        return null;
    }

    // npm ci writes node_modules/.package-lock.json last; older than package-lock.json means the lock changed since.
    public static bool IsInstalled(string directory)
    {
        var installed = new FileInfo(Path.Combine(directory, "node_modules", ".package-lock.json"));
        var wanted = new FileInfo(Path.Combine(directory, "package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= wanted.LastWriteTimeUtc;
    }

    // An exclusive lock file beside the package, held while npm ci runs.
    public static async Task<IDisposable> LockAsync(string directory, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, InstallLockFile);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            }
        }
    }
}

internal static class NodeVersion
{
    private const int Required = 20;

    // Throws BridgeUnavailableException naming what to install when node is missing or too old.
    public static void Require(string nodePath)
    {
        string output;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(nodePath, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new Win32Exception();
            output = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                throw Missing(nodePath, "did not answer --version");
            }
        }
        catch (Win32Exception)
        {
            throw Missing(nodePath, "was not found");
        }
        // "v20.19.2"
        var major = output.TrimStart('v').Split('.')[0];
        if (!int.TryParse(major, out var version) || version < Required)
        {
            throw Missing(nodePath, $"is version '{output}'");
        }
    }

    private static BridgeUnavailableException Missing(string nodePath, string problem) => new(
        $"Linking WhatsApp needs Node.js {Required} or later: '{nodePath}' {problem}. Install it (https://nodejs.org/en/download, or your distribution's nodejs package if it is 20+) and restart the host, " +
        "set WhatsApp:Bridge:NodePath to it, or set WhatsApp:Bridge:Url to a bridge running elsewhere. The sandbox provider works without it.");
}

internal static class Npm
{
    public static async Task CiAsync(string npmPath, string directory, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npmPath)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--omit=dev", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            throw new BridgeUnavailableException(
                $"Installing the WhatsApp bridge needs npm ('{npmPath}' was not found); it comes with Node.js. Or run `npm ci` in {directory} yourself.");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, time, cancellationToken);
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            await Task.WhenAll(output, errors);
            if (process.ExitCode != 0)
            {
                var tail = string.Join('\n', (await errors).Split('\n').TakeLast(10));
                throw new InvalidOperationException($"npm ci in {directory} failed with exit code {process.ExitCode}: {tail}");
            }
        }
    }
}
