using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteDataProtectionKeyStore(SqliteStatements sql, TimeProvider time) : IDataProtectionKeyStore
{
    public IReadOnlyList<string> ListXml() =>
        sql.Query("SELECT xml FROM data_protection_keys ORDER BY id;", reader => reader.GetString(0));

    public void Add(string friendlyName, string xml) =>
        sql.Execute("""
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES ($friendlyName, $xml, $createdAt);
            """, ("$friendlyName", friendlyName), ("$xml", xml), ("$createdAt", Instant(time.GetUtcNow())));

    public bool Replace(string currentXml, string newXml) =>
        sql.Execute("UPDATE data_protection_keys SET xml = $newXml WHERE xml = $currentXml;",
            ("$currentXml", currentXml), ("$newXml", newXml)) > 0;
}
