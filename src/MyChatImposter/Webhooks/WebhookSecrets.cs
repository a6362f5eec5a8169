using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MyChatImposter.Webhooks;

// Signing secrets: made here (32 random bytes), stored encrypted by the data-protection key ring under a
// purpose of its own and the bot's id (as ApiKeyProtector stores LLM keys), revealed to sign a request and
// to show the bot's owner. A hash would not do: the host must sign with the secret itself.
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    public const string Purpose = "MyChatImposter.Webhooks.Secret.v1";

    private const string Prefix = "whsec_";

    // (the secret, its stored form)
    public (string Secret, string Stored) Create(string userId)
    {
        var secret = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (secret, Protector(userId).Protect(secret));
    }

    // Null when the key ring that protected it is gone: the owner rotates the secret to get a new one.
    public string? Reveal(string userId, string stored)
    {
        try
        {
            return Protector(userId).Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private IDataProtector Protector(string userId) => dataProtection.CreateProtector(Purpose, userId);
}
