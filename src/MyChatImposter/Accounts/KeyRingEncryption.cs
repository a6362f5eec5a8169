using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace MyChatImposter.Accounts;

// Host options under "DataProtection": the key that encrypts the Data Protection key ring where it is
// stored. The ring lives in the database next to what it protects (login cookies, the bots' LLM API keys),
// so a copy of the database alone would otherwise reveal those keys. The key comes from configuration or,
// better, a file outside the database and its backups (a mounted secret).
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    // 32 random bytes, base64 (`openssl rand -base64 32`).
    public string? KeyRingKey { get; set; }

    // A file holding that base64 text; read once at start.
    public string? KeyRingKeyFile { get; set; }
}

// The key itself, or null when none is configured (the ring is then stored as the framework writes it).
public sealed class KeyRingKey
{
    public const int Length = 32;

    private KeyRingKey(byte[]? key) => Key = key;

    public byte[]? Key { get; }

    // The first bytes of the key's SHA-256, stored beside each encrypted element: a ring read with another key
    // says so instead of failing with a bare authentication-tag error.
    public string? Fingerprint => Key is null ? null : Convert.ToHexStringLower(SHA256.HashData(Key))[..16];

    public static KeyRingKey Load(KeyRingOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyRingKey) && !string.IsNullOrWhiteSpace(options.KeyRingKeyFile))
        {
            throw new ValidationException("Set DataProtection:KeyRingKey or DataProtection:KeyRingKeyFile, not both.");
        }
        if (!string.IsNullOrWhiteSpace(options.KeyRingKeyFile))
        {
            string text;
            try
            {
                text = File.ReadAllText(options.KeyRingKeyFile);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ValidationException(
                    $"DataProtection:KeyRingKeyFile '{options.KeyRingKeyFile}' cannot be read: {exception.Message}");
            }
            return new KeyRingKey(Decode(text, "the file DataProtection:KeyRingKeyFile"));
        }
        return string.IsNullOrWhiteSpace(options.KeyRingKey)
            ? new KeyRingKey(null)
            : new KeyRingKey(Decode(options.KeyRingKey, "DataProtection:KeyRingKey"));
    }

    private static byte[] Decode(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            key = [];
        }
        return key.Length == Length
            ? key
            : throw new ValidationException($"{source} must hold {Length} random bytes in base64, e.g. the output of `openssl rand -base64 32`.");
    }
}

// Encrypts each key element of the ring with AES-256-GCM under KeyRingKey.
public sealed class KeyRingXmlEncryptor(KeyRingKey key) : IXmlEncryptor
{
    internal const string ElementName = "keyRingEncrypted";
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagLength];
        using (var aes = new AesGcm(key.Key!, TagLength))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag);
        }
        CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedXmlInfo(
            new XElement(ElementName,
                new XAttribute("key", key.Fingerprint!),
                new XAttribute("nonce", Convert.ToBase64String(nonce)),
                new XAttribute("tag", Convert.ToBase64String(tag)),
                Convert.ToBase64String(ciphertext)),
            typeof(KeyRingXmlDecryptor));
    }
}

// Created by the framework for every encrypted element it reads (through the constructor taking the
// service provider).
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<KeyRingKey>();
        var keyFingerprint = (string?)encryptedElement.Attribute("key");
        if (key.Key is null)
        {
            throw new InvalidOperationException(
                "The Data Protection key ring in the database is encrypted, but neither DataProtection:KeyRingKeyFile nor " +
                "DataProtection:KeyRingKey is set. Configure the key it was encrypted with.");
        }
        if (keyFingerprint != key.Fingerprint)
        {
            throw new InvalidOperationException(
                $"The Data Protection key ring in the database was encrypted with another key (fingerprint {keyFingerprint}) " +
                $"than the configured one ({key.Fingerprint}). Configure the key it was encrypted with.");
        }

        var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
        var ciphertext = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key.Key, tag.Length))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}

public static partial class KeyRingEncryption
{
    public static IServiceCollection AddKeyRingEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KeyRingOptions>().Bind(configuration.GetSection(KeyRingOptions.SectionName));
        // Loaded (and checked) when first asked for, which the warning below does at start: a wrong path or a
        // short key stops the host with a message naming the setting (StartupOptionsCheck asks first).
        services.AddSingleton(provider => KeyRingKey.Load(provider.GetRequiredService<IOptions<KeyRingOptions>>().Value));
        services.AddStartupOptionsCheck(new CheckedOptions(
            KeyRingOptions.SectionName, typeof(KeyRingOptions), provider => provider.GetRequiredService<KeyRingKey>()));
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingKey>((options, key) =>
        {
            if (key.Key is not null)
            {
                options.XmlEncryptor = new KeyRingXmlEncryptor(key);
            }
        });
        services.AddHostedService<KeyRingAtRest>();
        return services;
    }

    // At start: without a key, a warning; with one, the keys stored before it was set are encrypted in place,
    // so a copy of the database holds no key material in the clear however old the ring is.
    private sealed partial class KeyRingAtRest(
        KeyRingKey key, IDataProtectionKeyStore store, ILogger<KeyRingAtRest> logger) : IHostedService
    {
        // Data Protection marks what must be encrypted with this attribute and replaces it, once encrypted,
        // with an encryptedSecret element naming the decryptor (the framework's own XML format).
        private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
        private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
        private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (key.Key is null)
            {
                LogUnencrypted(logger);
                return Task.CompletedTask;
            }

            var encryptor = new KeyRingXmlEncryptor(key);
            var encrypted = 0;
            foreach (var xml in store.ListXml())
            {
                var element = XElement.Parse(xml);
                var secrets = element.Descendants().Where(node => (string?)node.Attribute(RequiresEncryption) == "true").ToList();
                if (secrets.Count == 0)
                {
                    continue;
                }
                foreach (var secret in secrets)
                {
                    var info = encryptor.Encrypt(new XElement(secret));
                    secret.ReplaceWith(new XElement(EncryptedSecret,
                        new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
                        info.EncryptedElement));
                }
                if (store.Replace(xml, element.ToString(SaveOptions.DisableFormatting)))
                {
                    encrypted++;
                }
            }
            if (encrypted > 0)
            {
                LogEncryptedInPlace(logger, encrypted);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message =
            "The Data Protection key ring, which protects login cookies and the bots' LLM API keys, is stored unencrypted " +
            "in the database: anyone with a copy of the database can read those keys. Set DataProtection:KeyRingKeyFile " +
            "to a file outside the database holding `openssl rand -base64 32` (README, Running on the internet).")]
        private static partial void LogUnencrypted(ILogger logger);

        [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message =
            "Encrypted {Count} Data Protection key(s) stored before DataProtection:KeyRingKeyFile was set")]
        private static partial void LogEncryptedInPlace(ILogger logger, int count);
    }
}
