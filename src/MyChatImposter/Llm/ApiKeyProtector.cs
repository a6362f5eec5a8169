using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MyChatImposter.Llm;

// Explicit API keys at rest and on the way out (spec/14 #7). A key is stored encrypted with ASP.NET Core
// Data Protection (the key ring lives in the database, Accounts/StoreXmlRepository), under a purpose of
// its own and the user's id, so a stored value copied into another bot's document does not decrypt. The
// API and the pages only ever show the mask; a document sent back with the mask keeps the stored key.
// Keys the original stored in plain text still work and are encrypted at the next save.
public sealed class ApiKeyProtector(IDataProtectionProvider dataProtection)
{
    public const string Purpose = "MyChatImposter.Llm.ApiKey.v1";

    // Shorter keys are masked without any of their characters: four of eight would give half away.
    private const int ShortestKeyWithVisibleEnd = 12;
    private const int VisibleEnd = 4;

    // The document as a client may see it: api_key masked (null stays null).
    public UserConfiguration Masked(UserConfiguration configuration)
    {
        var settings = configuration.Configurations.LlmProviderConfig.ProviderConfig;
        return settings.ApiKey is null
            ? configuration
            : WithKey(configuration, Mask(configuration.UserId, settings.ApiKey));
    }

    // "****" and the key's last four characters, or only "****" for a short key or one that no longer decrypts.
    public string Mask(string userId, string storedKey)
    {
        string? key;
        try
        {
            key = Reveal(userId, storedKey);
        }
        catch (LlmConfigurationException)
        {
            key = null;
        }
        return key is { Length: >= ShortestKeyWithVisibleEnd }
            ? StoredApiKey.MaskPrefix + key[^VisibleEnd..]
            : StoredApiKey.MaskPrefix;
    }

    // The document to store for one a client sent, given the one stored now: a typed key is encrypted, the
    // mask is replaced by the stored key (encrypted if it was plain text), anything else is an error keyed
    // by the api_key path.
    public ApiKeyStorage ForStorage(UserConfiguration incoming, UserConfiguration? stored)
    {
        var key = incoming.Configurations.LlmProviderConfig.ProviderConfig.ApiKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            return new(WithKey(incoming, null), NoErrors);
        }
        if (StoredApiKey.IsProtected(key))
        {
            return Refused("looks like a stored, encrypted key; type the key itself.");
        }
        if (!StoredApiKey.IsMask(key))
        {
            return new(WithKey(incoming, Protect(incoming.UserId, key)), NoErrors);
        }

        var storedKey = stored?.Configurations.LlmProviderConfig.ProviderConfig.ApiKey;
        if (string.IsNullOrWhiteSpace(storedKey))
        {
            return Refused("is a masked key, but this bot has no key stored; type the key itself.");
        }
        if (key != Mask(incoming.UserId, storedKey))
        {
            return Refused("is a masked key that does not match the stored one; send the mask unchanged to keep the stored key, or type a new key.");
        }
        return new(WithKey(incoming, StoredApiKey.IsProtected(storedKey) ? storedKey : Protect(incoming.UserId, storedKey)), NoErrors);
    }

    // The key itself from its stored form; null when there is none.
    public string? Reveal(string userId, string? storedKey)
    {
        if (string.IsNullOrWhiteSpace(storedKey))
        {
            return null;
        }
        if (StoredApiKey.IsMask(storedKey))
        {
            throw new LlmConfigurationException(LlmSettingsFields.ApiKey, "holds a masked key, not a key; enter the key again.");
        }
        if (!StoredApiKey.IsProtected(storedKey))
        {
            return storedKey;
        }
        try
        {
            return Protector(userId).Unprotect(storedKey[StoredApiKey.ProtectedPrefix.Length..]);
        }
        catch (CryptographicException)
        {
            // The key ring was lost or replaced, or the value belongs to another bot.
            throw new LlmConfigurationException(LlmSettingsFields.ApiKey,
                "cannot be decrypted with this host's data protection keys; enter the key again.");
        }
    }

    private string Protect(string userId, string key) => StoredApiKey.ProtectedPrefix + Protector(userId).Protect(key);

    private IDataProtector Protector(string userId) => dataProtection.CreateProtector(Purpose, userId);

    private static UserConfiguration WithKey(UserConfiguration configuration, string? key)
    {
        var llm = configuration.Configurations.LlmProviderConfig;
        return configuration with
        {
            Configurations = configuration.Configurations with
            {
                LlmProviderConfig = llm with { ProviderConfig = llm.ProviderConfig with { ApiKey = key } },
            },
        };
    }

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private static ApiKeyStorage Refused(string message) =>
        new(null, new Dictionary<string, string[]> { [LlmSettingsFields.ApiKey] = [message] });
}

// Configuration is set only when Errors is empty.
public sealed record ApiKeyStorage(UserConfiguration? Configuration, IReadOnlyDictionary<string, string[]> Errors);
