using BCrypt.Net;

namespace MyChatImposter.Accounts;

// bcrypt with work factor 12 over a SHA-384 pre-hash (BCrypt.Net's "enhanced" mode): bcrypt ignores input
// beyond 72 bytes, and pre-hashing makes every character of a long passphrase count.
public sealed class PasswordHasher
{
    public const int WorkFactor = 12;

    // Verified when the account does not exist, so an unknown user costs the same bcrypt work as a wrong
    // password and the answer time does not reveal which ids exist.
    private readonly Lazy<string> _decoyHash = new(() => Hash(Guid.NewGuid().ToString("N")));

    public static string Hash(string password) =>
        BCrypt.Net.BCrypt.EnhancedHashPassword(password, HashType.SHA384, WorkFactor);

    public bool Verify(string password, string? hash)
    {
        if (hash is null)
        {
            BCrypt.Net.BCrypt.EnhancedVerify(password, _decoyHash.Value, HashType.SHA384);
            return false;
        }
        return BCrypt.Net.BCrypt.EnhancedVerify(password, hash, HashType.SHA384);
    }
}
