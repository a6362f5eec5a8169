using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace MyChatImposter.Accounts;

// Keeps the Data Protection key ring in the configured database instead of the container's file system.
public sealed class StoreXmlRepository(IDataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ListXml().Select(xml => XElement.Parse(xml)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
