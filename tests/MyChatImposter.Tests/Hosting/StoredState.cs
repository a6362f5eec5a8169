using System.Text;
using Microsoft.Data.Sqlite;
using MyChatImposter.ChatProviders.Sandbox;

namespace MyChatImposter.Tests.Hosting;

// What a refused request must leave as it was: every row of the host's SQLite tables, plus the sandbox groups
// (held in memory). Left out are the tables a refusal may rightly write to, because recording the attempt is
// their job: audit_log (a 403 or a rate-limited login is audited), login_throttle (a failed login counts
// towards a lock), login_sessions (every signed-in request refreshes last_seen_at), and the data protection
// key ring and schema version (written when first needed, by any request).
public static class StoredState
{
    private static readonly HashSet<string> Bookkeeping =
        new(["audit_log", "login_throttle", "login_sessions", "data_protection_keys", "schema_version"], StringComparer.Ordinal);

    // One line per table: its name and its rows in a stable order, each value in full.
    public static IReadOnlyDictionary<string, string> Read(string databasePath, SandboxWorld sandbox, IEnumerable<string> userIds)
    {
        var tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        foreach (var table in TableNames(connection).Where(name => !Bookkeeping.Contains(name)))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    row.Append(reader.IsDBNull(column) ? "∅" : Convert.ToString(reader.GetValue(column) is byte[] bytes
                        ? Convert.ToBase64String(bytes) : reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }
                rows.Add(row.ToString());
            }
            rows.Sort(StringComparer.Ordinal);
            tables[table] = string.Join("\n", rows);
        }
        foreach (var userId in userIds)
        {
            tables[$"sandbox groups of {userId}"] = string.Join("\n", sandbox.Groups(userId).Select(group => $"{group.Id}|{group.Name}"));
        }
        return tables;
    }

    // The names of the tables whose rows differ, for a failure message.
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. before.Keys.Union(after.Keys).Where(table => before.GetValueOrDefault(table) != after.GetValueOrDefault(table))];

    private static List<string> TableNames(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
