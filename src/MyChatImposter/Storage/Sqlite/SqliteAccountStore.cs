using Microsoft.Data.Sqlite;
using MyChatImposter.Accounts;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore
{
    private const string Columns = "user_id, role, password_hash, disabled, created_at, updated_at";

    public async Task<Account?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM accounts WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM accounts;";

        var accounts = new List<Account>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(Read(reader));
        }

        // SQLite's BINARY collation orders UTF-8 bytes, which differs from .NET ordinal (UTF-16) order above
        // U+FFFF, so the order is decided here.
        accounts.Sort((a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        return accounts;
    }

    public async Task<bool> CreateAsync(Account account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The primary key decides between concurrent creators: the loser's row is simply not inserted.
        command.CommandText = $"""
            INSERT INTO accounts ({Columns})
            VALUES ($userId, $role, $passwordHash, $disabled, $createdAt, $updatedAt)
            ON CONFLICT (user_id) DO NOTHING;
            """;
        AddParameters(command, account);
        command.Parameters.AddWithValue("$createdAt", SqliteTimestamp.Format(account.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE accounts
            SET role = $role, password_hash = $passwordHash, disabled = $disabled, updated_at = $updatedAt
            WHERE user_id = $userId;
            """;
        AddParameters(command, account);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM accounts WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM accounts WHERE role = $admin AND disabled = 0;";
        command.Parameters.AddWithValue("$admin", AccountRoleText.Admin);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static void AddParameters(SqliteCommand command, Account account)
    {
        command.Parameters.AddWithValue("$userId", account.UserId);
        command.Parameters.AddWithValue("$role", AccountRoleText.Format(account.Role));
        command.Parameters.AddWithValue("$passwordHash", account.PasswordHash);
        command.Parameters.AddWithValue("$disabled", account.Disabled ? 1 : 0);
        command.Parameters.AddWithValue("$updatedAt", SqliteTimestamp.Format(account.UpdatedAt));
    }

    private static Account Read(SqliteDataReader reader)
    {
        var userId = reader.GetString(0);
        return new Account(
            userId,
            AccountRoleText.Parse(reader.GetString(1), userId),
            reader.GetString(2),
            reader.GetInt64(3) != 0,
            SqliteTimestamp.Parse(reader.GetString(4)),
            SqliteTimestamp.Parse(reader.GetString(5)));
    }
}
