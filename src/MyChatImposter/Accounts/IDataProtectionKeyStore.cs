namespace MyChatImposter.Accounts;

// ASP.NET Core Data Protection key ring XML elements, kept in the database so cookies (and, later,
// encrypted API keys) stay readable across restarts and containers.
public interface IDataProtectionKeyStore
{
    IReadOnlyList<string> ListXml();

    void Add(string friendlyName, string xml);

    // Rewrites the element stored as currentXml (encrypting a key stored before the key ring key was set);
    // false when no element holds exactly that text any more.
    bool Replace(string currentXml, string newXml);
}
