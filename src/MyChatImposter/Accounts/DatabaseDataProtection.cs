using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace MyChatImposter.Accounts;

// The Data Protection key ring (what login cookies and the bots' LLM API keys are protected with), kept in the
// database and encrypted there when DataProtection:KeyRingKey or KeyRingKeyFile is set (KeyRingEncryption).
public static class DatabaseDataProtection
{
    public static IServiceCollection AddDatabaseDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        // Keys live in the database, so cookies survive restarts and every replica reads the same ring.
        services.AddDataProtection().SetApplicationName("MyChatImposter");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDataProtectionKeyStore>((options, store) => options.XmlRepository = new StoreXmlRepository(store));
        services.AddKeyRingEncryption(configuration);
        return services;
    }
}
