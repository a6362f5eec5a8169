namespace MyChatImposter.Configuration;

// The three forms an explicit API key takes in a configuration document (spec/14 #7):
// - stored: "protected:v1:" + the ASP.NET Core Data Protection payload (Llm/ApiKeyProtector writes it);
// - legacy: the key in plain text, as the original stored it; still read, encrypted at the next write;
// - masked: what the API and the pages show, "****" + the key's last four characters. A client that sends
//   the mask back means "keep the stored key".
public static class StoredApiKey
{
    public const string ProtectedPrefix = "protected:v1:";
    public const string MaskPrefix = "****";

    public static bool IsProtected(string? value) =>
        value is not null && value.StartsWith(ProtectedPrefix, StringComparison.Ordinal);

    // No real key starts with asterisks, so a value that does was copied from a masked answer.
    public static bool IsMask(string? value) =>
        value is not null && value.StartsWith(MaskPrefix, StringComparison.Ordinal);
}

// StringLength for api_key: a typed key has the usual bound, the stored (encrypted, longer) form its own.
// The schema publishes the typed bound, which is what a client may send.
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ApiKeyLengthAttribute(int maximumLength) : System.ComponentModel.DataAnnotations.StringLengthAttribute(maximumLength);
