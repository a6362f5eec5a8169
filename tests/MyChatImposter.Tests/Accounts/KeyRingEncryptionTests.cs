using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Accounts;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.Accounts;

// Issue 11: the Data Protection key ring (it protects cookies and the bots' LLM API keys) is stored in the
// database; with a key from a file outside it, the ring is stored encrypted.
public sealed class KeyRingEncryptionTests : IAsyncDisposable
{
    private const string Owner = "olivia";
    private const string OwnerPassword = "Olivia-Passw0rd!";
    private readonly string _keyDirectory = Directory.CreateTempSubdirectory("imposter-keyring-").FullName;
    private readonly List<ImposterApp> _apps = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
        Directory.Delete(_keyDirectory, recursive: true);
    }

    private string NewKeyFile()
    {
        var path = Path.Combine(_keyDirectory, $"keyring-{Guid.NewGuid():N}.key");
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        return path;
    }

    private ImposterApp App(string? keyFile, CapturedLogs? logs = null, string? dataDirectory = null)
    {
        var settings = keyFile is null ? null : new Dictionary<string, string> { ["DataProtection:KeyRingKeyFile"] = keyFile };
        var app = new ImposterApp(settings, dataDirectory)
        {
            ConfigureServices = services => services.AddLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            }),
        };
        _apps.Add(app);
        return app;
    }

    private static async Task<string> SignInAsync(ImposterApp app)
    {
        var response = await app.CreateClient("10.0.0.1").LoginAsync(Owner, OwnerPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.SessionCookie();
    }

    [Fact]
    public async Task With_a_key_file_the_stored_ring_holds_no_key_material_and_a_restart_with_it_reads_the_cookies()
    {
        var keyFile = NewKeyFile();
        var app = App(keyFile);
        await app.CreateAccountAsync(Owner, OwnerPassword);
        var cookie = await SignInAsync(app);

        var stored = string.Join("\n", app.Service<IDataProtectionKeyStore>().ListXml());
        Assert.Contains("encryptedSecret", stored);
        Assert.Contains("keyRingEncrypted", stored);
        Assert.DoesNotContain("<masterKey", stored);
        Assert.DoesNotContain("<value>", stored);

        var restarted = App(keyFile, dataDirectory: app.DataDirectory);
        Assert.Equal(HttpStatusCode.OK, (await restarted.ClientWithCookie(cookie).GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Keys_stored_before_the_key_was_set_are_encrypted_in_place_at_the_next_start_and_still_read()
    {
        var app = App(keyFile: null);
        await app.CreateAccountAsync(Owner, OwnerPassword);
        var cookie = await SignInAsync(app);
        Assert.Contains("<value>", string.Join("\n", app.Service<IDataProtectionKeyStore>().ListXml()));

        var restarted = App(NewKeyFile(), dataDirectory: app.DataDirectory);
        restarted.CreateClient();

        var stored = string.Join("\n", restarted.Service<IDataProtectionKeyStore>().ListXml());
        Assert.Contains("keyRingEncrypted", stored);
        Assert.DoesNotContain("<value>", stored);
        Assert.Equal(HttpStatusCode.OK, (await restarted.ClientWithCookie(cookie).GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_restart_without_the_key_or_with_another_refuses_the_cookies_and_says_which_setting_to_fix()
    {
        var app = App(NewKeyFile());
        await app.CreateAccountAsync(Owner, OwnerPassword);
        var cookie = await SignInAsync(app);

        foreach (var (keyFile, expected) in new[] { ((string?)null, "neither DataProtection:KeyRingKeyFile"), (NewKeyFile(), "encrypted with another key") })
        {
            var logs = new CapturedLogs();
            var restarted = App(keyFile, logs, app.DataDirectory);

            var me = await restarted.ClientWithCookie(cookie).GetAsync("/api/external/auth/me", Ct);

            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            Assert.Contains(expected, logs.All);
        }
    }

    [Fact]
    public async Task Without_a_key_the_host_warns_at_start_that_the_ring_is_stored_unencrypted()
    {
        var logs = new CapturedLogs();
        var app = App(keyFile: null, logs);
        app.CreateClient();

        var warning = await logs.WaitForAsync(entry => entry.Contains("stored unencrypted"));

        Assert.StartsWith("Warning", warning);
        Assert.Contains("DataProtection:KeyRingKeyFile", warning);
    }

    // As the person starting the host sees it: one line naming the setting, exit code 1, no stack trace.
    [Theory]
    [InlineData("too short")]
    [InlineData("")]
    public async Task A_key_file_that_does_not_hold_32_bytes_stops_the_start_naming_the_setting(string content)
    {
        var keyFile = Path.Combine(_keyDirectory, "bad.key");
        File.WriteAllText(keyFile, content);

        var (exitCode, error) = await StartHostProcessAsync(keyFile);

        Assert.Equal(1, exitCode);
        Assert.Contains("DataProtection:KeyRingKeyFile must hold 32 random bytes in base64", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_stops_the_start_naming_the_setting()
    {
        var (exitCode, error) = await StartHostProcessAsync(Path.Combine(_keyDirectory, "missing.key"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("DataProtection:KeyRingKeyFile '", error, StringComparison.Ordinal);
        Assert.Contains("cannot be read", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Error)> StartHostProcessAsync(string keyFile)
    {
        // A host that wrongly started would run until killed.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var (exitCode, _, error) = await Hosting.HostProcess.RunCommandAsync(
            _keyDirectory, null, ["--urls", "http://127.0.0.1:0", $"--DataProtection:KeyRingKeyFile={keyFile}"], timeout.Token);
        return (exitCode, error);
    }
}
