namespace MyChatImposter.Accounts;

// The original's policy (spec/07 §8) plus a maximum. Passwords are pre-hashed with SHA-384 before bcrypt
// (PasswordHasher), so all 128 characters count even though bcrypt itself reads only 72 bytes.
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    public const string Symbols = "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?`~";

    public const string Description =
        "8 to 128 characters, with at least one upper-case letter, one lower-case letter, one digit and one symbol.";

    // Empty when the password is acceptable; otherwise every rule it breaks.
    public static IReadOnlyList<string> Check(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ["A password is required."];
        }

        var problems = new List<string>();
        if (password.Length < MinLength)
        {
            problems.Add($"At least {MinLength} characters are required.");
        }
        if (password.Length > MaxLength)
        {
            problems.Add($"At most {MaxLength} characters are allowed.");
        }
        if (!password.Any(char.IsAsciiLetterUpper))
        {
            problems.Add("Add an upper-case letter (A-Z).");
        }
        if (!password.Any(char.IsAsciiLetterLower))
        {
            problems.Add("Add a lower-case letter (a-z).");
        }
        if (!password.Any(char.IsAsciiDigit))
        {
            problems.Add("Add a digit (0-9).");
        }
        if (!password.Any(Symbols.Contains))
        {
            problems.Add($"Add a symbol, one of {Symbols}");
        }
        return problems;
    }
}
