namespace MyChatImposter.Storage.Sqlite;

public sealed record SqliteMigration(int Version, string Description, string Sql);

// The schema, as the ordered list of steps that build it. Append a migration for each new table or change;
// never edit or reorder one that has shipped, since databases in the field have already applied it.
public static class SqliteMigrations
{
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "bot configurations", """
            CREATE TABLE bot_configurations (
                user_id    TEXT NOT NULL PRIMARY KEY,
                document   TEXT NOT NULL CHECK (json_valid(document)),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            """),
    ];
}
