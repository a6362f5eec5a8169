using System.Security.Cryptography;

namespace MyChatImposter.Accounts;

// Session ids are 256 random bits. Only their SHA-256 hash is stored, and only a short prefix of that
// hash (the fingerprint) ever appears in logs, audit rows or the "my sessions" list.
public static class SessionIds
{
    public static string NewId() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));

    public static string Fingerprint(string idHash) => idHash[..12];

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
