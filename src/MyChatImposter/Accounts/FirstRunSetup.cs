using System.Security.Cryptography;

namespace MyChatImposter.Accounts;

// While no administrator exists, the site offers /setup to create the first one. Whoever reaches the site
// first must not own it, so the page also needs a one-time code that only the person who can read the
// host's console has. The code is 50 random bits, and attempts share the login rate limit.
public sealed partial class FirstRunSetup(IAccountStore accounts, ILogger<FirstRunSetup> logger) : IHostedService
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private readonly Lock _gate = new();
    private string? _code;

    // The current one-time code, or null when setup is not open.
    public string? Code
    {
        get { lock (_gate) { return _code; } }
    }

    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken) =>
        Code is not null && await accounts.CountEnabledAdminsAsync(cancellationToken) == 0;

    public bool Matches(string? candidate)
    {
        var code = Code;
        if (code is null || candidate is null)
        {
            return false;
        }
        var normalised = candidate.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(normalised), Encoding.ASCII.GetBytes(code.Replace("-", "", StringComparison.Ordinal)));
    }

    public void Close()
    {
        lock (_gate)
        {
            _code = null;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await accounts.CountEnabledAdminsAsync(cancellationToken) > 0)
        {
            return;
        }
        var code = NewCode();
        lock (_gate)
        {
            _code = code;
        }
        // Straight to the console, not the log pipeline: the code is a credential and must not be shipped
        // to log collectors. The log only says that setup is open.
        Console.WriteLine();
        Console.WriteLine("  No administrator exists yet. Open /setup in the admin site and enter this one-time code:");
        Console.WriteLine($"      {code}");
        Console.WriteLine("  (or create one with: dotnet MyChatImposter.dll create-admin <user_id>)");
        Console.WriteLine();
        LogSetupOpen(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string NewCode()
    {
        var characters = new char[10];
        for (var index = 0; index < characters.Length; index++)
        {
            characters[index] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"{new string(characters, 0, 5)}-{new string(characters, 5, 5)}";
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning,
        Message = "No administrator exists: first-run setup is open at /setup (the one-time code is printed on the console)")]
    private static partial void LogSetupOpen(ILogger logger);
}
