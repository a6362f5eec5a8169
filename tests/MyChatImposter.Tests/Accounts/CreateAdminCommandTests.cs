using System.Net;
using System.Net.Http.Json;
using MyChatImposter.Tests.Hosting;

namespace MyChatImposter.Tests.Accounts;

// `dotnet MyChatImposter.dll create-admin <id>` as a script runs it: password piped on standard input.
public sealed class CreateAdminCommandTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("imposter-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string? standardInput, params string[] arguments) =>
        HostProcess.RunCommandAsync(_workingDirectory, standardInput, arguments, Ct);

    [Fact]
    public async Task Piped_password_creates_an_admin_who_can_sign_in()
    {
        var (exitCode, output, error) = await RunAsync("Script-Passw0rd!\n", "create-admin", "root");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Administrator 'root' created.", output);
        Assert.DoesNotContain("Script-Passw0rd!", output + error);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "data", "mychatimposter.db")));

        await using var host = HostProcess.Start(_workingDirectory);
        await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), Ct);
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/external/auth/login", new { user_id = "root", password = "Script-Passw0rd!" }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("admin", (await login.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_existing_account_is_refused_with_a_non_zero_exit()
    {
        Assert.Equal(0, (await RunAsync("Script-Passw0rd!\n", "create-admin", "root")).ExitCode);

        var (exitCode, _, error) = await RunAsync("Other-Passw0rd!\n", "create-admin", "root");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("already exists", error);
    }

    [Theory]
    [InlineData("short", "create-admin", "root", "8 to 128 characters")]
    [InlineData("alllowercase1!", "create-admin", "root", "upper-case")]
    [InlineData("Script-Passw0rd!", "create-admin", "bad id", "user id")]
    [InlineData("Script-Passw0rd!", "create-admin", "../etc", "user id")]
    public async Task Weak_passwords_and_bad_ids_are_refused_with_a_clear_message(string password, string command, string userId, string expected)
    {
        var (exitCode, _, error) = await RunAsync(password + "\n", command, userId);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_password_on_standard_input_is_refused()
    {
        var (exitCode, _, error) = await RunAsync(null, "create-admin", "root");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("No password", error);
    }

    [Fact]
    public async Task A_missing_user_id_prints_the_usage()
    {
        var (exitCode, _, error) = await RunAsync(null, "create-admin");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage", error);
    }
}
