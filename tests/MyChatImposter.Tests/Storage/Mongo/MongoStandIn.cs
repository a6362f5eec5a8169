using System.Diagnostics;
using System.Globalization;
using MyChatImposter.Tests.Hosting;

namespace MyChatImposter.Tests.Storage.Mongo;

// A MongoDB stand-in of the test's own (tests/mongo-standin), for a test that must stop and start its
// database. Skips without the stand-in installed, and fails instead under CI, as MongoTestServer does.
internal static class MongoStandIn
{
    private static readonly string Folder = Path.Combine(HostProcess.RepositoryRoot(), "tests", "mongo-standin");

    // Returns once the server accepts connections on 127.0.0.1:port.
    public static async Task<Process> StartAsync(int port)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
        {
            const string missing = "the MongoDB stand-in is not installed: run `npm ci --prefix tests/mongo-standin`.";
            Requirement.Missing(missing);
        }
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(Path.Combine(Folder, "start.sh"));
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        var (exitCode, output, error) = await HostProcess.RunToEndAsync(start, null, TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, $"the MongoDB stand-in did not start: {error}");
        return Process.GetProcessById(int.Parse(output.Trim(), CultureInfo.InvariantCulture));
    }
}
