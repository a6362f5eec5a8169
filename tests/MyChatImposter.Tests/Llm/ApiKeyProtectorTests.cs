using Microsoft.AspNetCore.DataProtection;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Llm;

// Explicit keys at rest (encrypted, bound to the bot) and on the way out (masked; the mask keeps the key).
public sealed class ApiKeyProtectorTests
{
    private const string Key = "sk-proj-0123456789abcdefWXYZ";
    private const string Settings = "configurations.llm_provider_config.provider_config";
    private readonly ApiKeyProtector _keys = new(new EphemeralDataProtectionProvider());

    private static UserConfiguration Bot(string userId, string? key, ApiKeySource source = ApiKeySource.Explicit)
    {
        var configuration = ConfigurationJson.Deserialize(ConfigurationDocuments.Valid(userId).ToJsonString());
        var llm = configuration.Configurations.LlmProviderConfig;
        return configuration with
        {
            Configurations = configuration.Configurations with
            {
                LlmProviderConfig = llm with { ProviderConfig = llm.ProviderConfig with { ApiKeySource = source, ApiKey = key } },
            },
        };
    }

    private static string? KeyOf(UserConfiguration configuration) => configuration.Configurations.LlmProviderConfig.ProviderConfig.ApiKey;

    private string Stored(string userId, string key) => KeyOf(_keys.ForStorage(Bot(userId, key), stored: null).Configuration!)!;

    [Fact]
    public void A_typed_key_is_stored_encrypted_and_revealed_unchanged()
    {
        var stored = Stored("ann", Key);

        Assert.StartsWith(StoredApiKey.ProtectedPrefix, stored);
        Assert.DoesNotContain(Key, stored);
        Assert.DoesNotContain("WXYZ", stored);
        Assert.Equal(Key, _keys.Reveal("ann", stored));
    }

    [Fact]
    public void Encrypting_the_same_key_twice_gives_different_stored_values()
    {
        Assert.NotEqual(Stored("ann", Key), Stored("ann", Key));
    }

    [Fact]
    public void A_stored_key_copied_into_another_bot_does_not_decrypt()
    {
        var error = Assert.Throws<LlmConfigurationException>(() => _keys.Reveal("bob", Stored("ann", Key)));

        Assert.Equal($"{Settings}.api_key", error.Field);
        Assert.Contains("enter the key again", error.Message);
    }

    [Fact]
    public void A_key_stored_by_another_key_ring_asks_to_be_entered_again()
    {
        var otherHost = new ApiKeyProtector(new EphemeralDataProtectionProvider());

        Assert.Throws<LlmConfigurationException>(() => otherHost.Reveal("ann", Stored("ann", Key)));
        Assert.Equal(StoredApiKey.MaskPrefix, otherHost.Mask("ann", Stored("ann", Key)));
    }

    [Fact]
    public void A_plain_text_key_of_the_original_is_read_as_it_is()
    {
        Assert.Equal(Key, _keys.Reveal("ann", Key));
        Assert.Null(_keys.Reveal("ann", null));
        Assert.Null(_keys.Reveal("ann", "  "));
    }

    [Theory]
    [InlineData(Key, "****WXYZ")]
    [InlineData("sk-12345678", "****")]
    [InlineData("short", "****")]
    public void The_mask_shows_the_last_four_characters_of_keys_long_enough_to_spare_them(string key, string mask)
    {
        Assert.Equal(mask, _keys.Mask("ann", Stored("ann", key)));
        Assert.Equal(mask, _keys.Mask("ann", key));
    }

    [Fact]
    public void A_masked_document_hides_the_key_and_changes_nothing_else()
    {
        var stored = _keys.ForStorage(Bot("ann", Key), null).Configuration!;

        var masked = _keys.Masked(stored);

        Assert.Equal("****WXYZ", KeyOf(masked));
        Assert.Equal(ConfigurationJson.Serialize(stored).Replace(KeyOf(stored)!, "****WXYZ"), ConfigurationJson.Serialize(masked));
        var keyless = Bot("ann", null);
        Assert.Same(keyless, _keys.Masked(keyless));
    }

    [Fact]
    public void Sending_the_mask_back_keeps_the_stored_key()
    {
        var stored = _keys.ForStorage(Bot("ann", Key), null).Configuration!;

        var saved = _keys.ForStorage(Bot("ann", "****WXYZ"), stored);

        Assert.Empty(saved.Errors);
        Assert.Equal(KeyOf(stored), KeyOf(saved.Configuration!));
    }

    [Fact]
    public void Sending_the_mask_back_over_a_plain_text_key_keeps_it_and_encrypts_it()
    {
        var original = Bot("ann", Key);

        var saved = _keys.ForStorage(Bot("ann", "****WXYZ"), original).Configuration!;

        Assert.True(StoredApiKey.IsProtected(KeyOf(saved)));
        Assert.Equal(Key, _keys.Reveal("ann", KeyOf(saved)));
    }

    [Fact]
    public void The_mask_also_keeps_a_key_kept_while_the_source_is_environment()
    {
        var stored = _keys.ForStorage(Bot("ann", Key), null).Configuration!;

        var saved = _keys.ForStorage(Bot("ann", "****WXYZ", ApiKeySource.Environment), stored).Configuration!;

        Assert.Equal(Key, _keys.Reveal("ann", KeyOf(saved)));
    }

    [Theory]
    [InlineData("****WXYZ", null, "no key stored")]
    [InlineData("****ABCD", Key, "does not match")]
    [InlineData("****", Key, "does not match")]
    [InlineData(StoredApiKey.ProtectedPrefix + "CfDJ8abc", Key, "type the key itself")]
    public void A_mask_that_matches_nothing_or_a_stored_value_sent_back_is_refused_at_api_key(string sent, string? storedKey, string expected)
    {
        var stored = storedKey is null ? null : _keys.ForStorage(Bot("ann", storedKey), null).Configuration;

        var saved = _keys.ForStorage(Bot("ann", sent), stored);

        Assert.Null(saved.Configuration);
        var error = Assert.Single(saved.Errors);
        Assert.Equal($"{Settings}.api_key", error.Key);
        Assert.Contains(expected, error.Value[0]);
    }

    [Fact]
    public void A_new_key_replaces_the_stored_one_and_no_key_removes_it()
    {
        var stored = _keys.ForStorage(Bot("ann", Key), null).Configuration!;

        var replaced = _keys.ForStorage(Bot("ann", "sk-a-brand-new-key-9876"), stored).Configuration!;
        var removed = _keys.ForStorage(Bot("ann", null, ApiKeySource.Environment), stored).Configuration!;

        Assert.Equal("sk-a-brand-new-key-9876", _keys.Reveal("ann", KeyOf(replaced)));
        Assert.Null(KeyOf(removed));
    }

    [Fact]
    public void A_mask_stored_by_mistake_is_never_sent_as_a_key()
    {
        var error = Assert.Throws<LlmConfigurationException>(() => _keys.Reveal("ann", "****WXYZ"));

        Assert.Equal($"{Settings}.api_key", error.Field);
    }
}
