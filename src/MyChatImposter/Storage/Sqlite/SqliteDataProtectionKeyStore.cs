using MyChatImposter.Accounts;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteDataProtectionKeyStore(SqliteDatabase database, TimeProvider time) : IDataProtectionKeyStore
{
    public IReadOnlyList<string> ListXml()
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys ORDER BY id;";

        var elements = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            elements.Add(reader.GetString(0));
        }
        return elements;
    }

    public void Add(string friendlyName, string xml)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES ($friendlyName, $xml, $createdAt);
            """;
        command.Parameters.AddWithValue("$friendlyName", friendlyName);
        command.Parameters.AddWithValue("$xml", xml);
        command.Parameters.AddWithValue("$createdAt", SqliteTimestamp.Format(time.GetUtcNow()));
        command.ExecuteNonQuery();
    }

    public bool Replace(string currentXml, string newXml)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE data_protection_keys SET xml = $newXml WHERE xml = $currentXml;";
        command.Parameters.AddWithValue("$currentXml", currentXml);
        command.Parameters.AddWithValue("$newXml", newXml);
        return command.ExecuteNonQuery() > 0;
    }
}
