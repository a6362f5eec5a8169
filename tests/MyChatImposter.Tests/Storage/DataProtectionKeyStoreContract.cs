using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Storage;

// What every IDataProtectionKeyStore must do, run once per backend by the classes deriving from this one.
public abstract class DataProtectionKeyStoreContract(TestDatabase database)
    : StoreContract<IDataProtectionKeyStore>(database)
{
    protected const string FirstKey =
        "<key id=\"0b4f2c6e-1d7a-4c1e-9a55-2f7b1d2c3e4f\" version=\"1\"><creationDate>2026-03-01T12:00:00Z</creationDate>" +
        "<descriptor><masterKey p4:requiresEncryption=\"true\" xmlns:p4=\"http://schemas.asp.net/2015/03/dataProtection\">" +
        "<value>c2VjcmV0 &amp; more</value></masterKey></descriptor></key>";

    protected const string Revocation =
        "<revocation version=\"1\"><revocationDate>2026-03-02T00:00:00Z</revocationDate><key id=\"*\" />" +
        "<reason>rotated — ünïcode</reason></revocation>";

    [Fact]
    public async Task Add_then_list_returns_the_xml_in_insertion_order()
    {
        var store = await OpenStoreAsync();
        Assert.Empty(store.ListXml());

        store.Add("key-0b4f2c6e-1d7a-4c1e-9a55-2f7b1d2c3e4f", FirstKey);
        store.Add("revocation-20260302T000000Z", Revocation);

        Assert.Equal([FirstKey, Revocation], store.ListXml());
    }

    [Fact]
    public async Task Elements_with_the_same_friendly_name_are_all_kept()
    {
        var store = await OpenStoreAsync();

        store.Add("same", FirstKey);
        store.Add("same", Revocation);

        Assert.Equal([FirstKey, Revocation], store.ListXml());
    }

    [Fact]
    public async Task Replace_rewrites_the_element_in_place_and_only_once()
    {
        var store = await OpenStoreAsync();
        store.Add("key-0b4f2c6e-1d7a-4c1e-9a55-2f7b1d2c3e4f", FirstKey);
        store.Add("revocation-20260302T000000Z", Revocation);
        const string Encrypted = "<key id=\"0b4f2c6e-1d7a-4c1e-9a55-2f7b1d2c3e4f\"><encryptedSecret>…</encryptedSecret></key>";

        Assert.True(store.Replace(FirstKey, Encrypted));
        Assert.False(store.Replace(FirstKey, Encrypted));

        Assert.Equal([Encrypted, Revocation], (await RestartAsync()).ListXml());
    }

    [Fact]
    public async Task Keys_survive_a_new_store_instance()
    {
        var store = await OpenStoreAsync();
        store.Add("key-0b4f2c6e-1d7a-4c1e-9a55-2f7b1d2c3e4f", FirstKey);

        store = await RestartAsync();

        Assert.Equal([FirstKey], store.ListXml());
    }
}
