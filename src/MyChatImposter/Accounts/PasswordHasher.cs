using BCrypt.Net;

namespace MyChatImposter.Accounts;

public enum PasswordMatch
{
    None,
    Current,
    // The password matches a plain bcrypt hash as the original wrote it (Python `bcrypt.hashpw`, spec/07 §8):
    // the caller replaces the hash with the current form.
    Legacy,
}

// bcrypt with work factor 12 over a SHA-384 pre-hash (BCrypt.Net's "enhanced" mode): bcrypt ignores input
// beyond 72 bytes, and pre-hashing makes every character of a long passphrase count.
//
// Hashes the original wrote are plain bcrypt, and nothing in the string tells the two forms apart. So a
// password that does not match the enhanced form is checked against the plain form too: every refusal costs
// two bcrypt checks, whatever the account's hash, and the decoy for an unknown user costs the same two, so
// the answer time tells neither which ids exist nor which accounts still hold an original hash.
public sealed class PasswordHasher
{
    public const int WorkFactor = 12;

    private readonly Lazy<string> _decoyHash = new(() => Hash(Guid.NewGuid().ToString("N")));

    public static string Hash(string password) =>
        BCrypt.Net.BCrypt.EnhancedHashPassword(password, HashType.SHA384, WorkFactor);

    public bool Verify(string password, string? hash) => Check(password, hash) != PasswordMatch.None;

    public PasswordMatch Check(string password, string? hash)
    {
        if (hash is null)
        {
            BCrypt.Net.BCrypt.EnhancedVerify(password, _decoyHash.Value, HashType.SHA384);
            PlainMatches(password, _decoyHash.Value);
            return PasswordMatch.None;
        }
        if (BCrypt.Net.BCrypt.EnhancedVerify(password, hash, HashType.SHA384))
        {
            return PasswordMatch.Current;
        }
        return PlainMatches(password, hash) ? PasswordMatch.Legacy : PasswordMatch.None;
    }

    private static bool PlainMatches(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (SaltParseException)
        {
            // Not a bcrypt hash at all: nothing the original wrote either.
            return false;
        }
    }
}
