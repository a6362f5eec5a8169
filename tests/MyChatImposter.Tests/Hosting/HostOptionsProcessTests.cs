namespace MyChatImposter.Tests.Hosting;

// `dotnet MyChatImposter.dll --Some:Option=bad` as a person types it: one line saying what is wrong, exit
// code 1, and nothing started (no database file made, nothing listening).
public sealed class HostOptionsProcessTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("imposter-options-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Theory]
    [InlineData("--Delivery:MaxPerRecipientPerHour=1000000", "Delivery:MaxPerRecipientPerHour is 1000000; it must be between 1 and 10000.")]
    [InlineData("--Pipeline:StageCapacity=-x", "Pipeline:StageCapacity is '-x', not a whole number; it must be between 1 and 100000.")]
    [InlineData("--Delivery:MinDelay=abc",
        "Delivery:MinDelay is 'abc', not a duration ([d.]hh:mm:ss, e.g. 00:00:30 or 1.00:00:00); it must be between 00:00:00 and 01:00:00.")]
    public async Task A_bad_option_stops_the_host_with_one_line_and_exit_code_1(string argument, string expected)
    {
        var (exitCode, output, error) = await RunAsync(null, "--urls", "http://127.0.0.1:0", argument);

        AssertRefused(exitCode, output, error, expected);
    }

    [Fact]
    public async Task Create_admin_refuses_a_bad_option_the_same_way()
    {
        var (exitCode, output, error) = await RunAsync("Script-Passw0rd!\n", "create-admin", "root", "--Auth:MaxFailures=0");

        AssertRefused(exitCode, output, error, "Auth:MaxFailures is 0; it must be between 1 and 1000.");
    }

    private void AssertRefused(int exitCode, string output, string error, string expected)
    {
        Assert.Equal(1, exitCode);
        Assert.Equal(expected, error.TrimEnd('\r', '\n'));
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_workingDirectory, "data")), "the database was opened");
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string? standardInput, params string[] arguments)
    {
        // A host that wrongly started would run until killed.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        return await HostProcess.RunCommandAsync(_workingDirectory, standardInput, arguments, timeout.Token);
    }
}
