namespace MyChatImposter.Accounts;

// `create-admin <user_id>`: creates an administrator in the configured store, from a terminal (hidden
// password asked twice) or a script (password read from the first line of standard input).
public static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]) || args[1].StartsWith('-'))
        {
            await error.WriteLineAsync($"usage: {Name} <user_id> [--Storage:Provider=... other host settings]");
            return 2;
        }
        var userId = args[1];

        var password = Console.IsInputRedirected || !ReferenceEquals(input, Console.In)
            ? await input.ReadLineAsync()
            : AskTwice(output, error);
        if (password is null)
        {
            await error.WriteLineAsync("No password given: pipe it as the first line of standard input, or run in a terminal.");
            return 1;
        }

        var builder = WebApplication.CreateBuilder(args[2..]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddAccounts(builder.Configuration);
        await using var app = builder.Build();
        if (!StartupOptionsCheck.Passes(app.Services, error))
        {
            return 1;
        }
        try
        {
            await app.Services.InitializeStorageAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"The database could not be opened: {exception.Message}");
            return 1;
        }

        var result = await app.Services.GetRequiredService<AccountService>()
            .CreateAsync(userId, password, AccountRole.Admin, actor: "create-admin", CancellationToken.None);
        if (!result.Succeeded)
        {
            await error.WriteLineAsync($"The administrator was not created: {string.Join(" ", result.Problems)}");
            if (result.Outcome == AccountChange.WeakPassword)
            {
                await error.WriteLineAsync($"Passwords need {PasswordPolicy.Description}");
            }
            return 1;
        }
        await output.WriteLineAsync($"Administrator '{userId}' created.");
        return 0;
    }

    private static string? AskTwice(TextWriter output, TextWriter error)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var first = ReadHidden(output, "Password: ");
            if (string.IsNullOrEmpty(first))
            {
                error.WriteLine("The password cannot be empty.");
                continue;
            }
            var second = ReadHidden(output, "Repeat the password: ");
            if (first == second)
            {
                return first;
            }
            error.WriteLine("The passwords differ; try again.");
        }
        return null;
    }

    private static string ReadHidden(TextWriter output, string prompt)
    {
        output.Write(prompt);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return password.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
