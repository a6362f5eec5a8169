using System.Security.Cryptography;

namespace MyChatImposter.Accounts.Tokens;

// The text of a token: "mci_" and 256 random bits in base64url, made and hashed as session ids are. The fixed
// prefix lets secret scanners (and people) recognise a leaked token. Only its SHA-256 is stored: with 256
// random bits there is nothing to guess, so a slow password hash would add cost to every call and no safety.
public static class ApiTokenText
{
    public const string Marker = "mci_";

    // What lists show: the marker and 8 characters (48 of the 256 bits), enough to tell tokens apart, far
    // too little to help guess the rest.
    private const int ShownLength = 12;

    private const string BearerScheme = "Bearer ";

    public static string New() => Marker + SessionIds.NewId();

    public static string Hash(string text) => SessionIds.Hash(text);

    public static string Prefix(string text) => text[..Math.Min(ShownLength, text.Length)];

    public static string NewId() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    // The token an "Authorization: Bearer …" header carries, or null when the request has none.
    public static string? FromRequest(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase) && header.Length > BearerScheme.Length
            ? header[BearerScheme.Length..].Trim()
            : null;
    }

    public static bool IsBearer(HttpRequest request) => FromRequest(request) is not null;
}
