using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteAccountStore(SqliteStatements sql) : IAccountStore
{
    private const string Columns = "user_id, role, password_hash, disabled, created_at, updated_at";

    public Task<Account?> GetAsync(string userId, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM accounts WHERE user_id = $userId;", Read, cancellationToken, ("$userId", userId));

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) =>
        InOrdinalOrder(await sql.QueryAsync($"SELECT {Columns} FROM accounts;", Read, cancellationToken), account => account.UserId);

    // The primary key decides between concurrent creators: the loser's row is simply not inserted.
    public async Task<bool> CreateAsync(Account account, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync($"""
            INSERT INTO accounts ({Columns})
            VALUES ($userId, $role, $passwordHash, $disabled, $createdAt, $updatedAt)
            ON CONFLICT (user_id) DO NOTHING;
            """, cancellationToken, [.. Parameters(account), ("$createdAt", Instant(account.CreatedAt))]) == 1;

    public async Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE accounts
            SET role = $role, password_hash = $passwordHash, disabled = $disabled, updated_at = $updatedAt
            WHERE user_id = $userId;
            """, cancellationToken, Parameters(account)) > 0;

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM accounts WHERE user_id = $userId;", cancellationToken, ("$userId", userId)) > 0;

    public async Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken) =>
        (int)await sql.ScalarAsync<long>("SELECT COUNT(*) FROM accounts WHERE role = $admin AND disabled = 0;", cancellationToken,
            ("$admin", EnumNames<AccountRole>.Name(AccountRole.Admin)));

    private static (string Name, object Value)[] Parameters(Account account) =>
    [
        ("$userId", account.UserId), ("$role", EnumNames<AccountRole>.Name(account.Role)), ("$passwordHash", account.PasswordHash),
        ("$disabled", account.Disabled ? 1 : 0), ("$updatedAt", Instant(account.UpdatedAt)),
    ];

    private static Account Read(SqliteDataReader reader)
    {
        var userId = reader.GetString(0);
        return new Account(
            userId,
            EnumNames<AccountRole>.Parse(reader.GetString(1)),
            reader.GetString(2),
            reader.GetInt64(3) != 0,
            ReadInstant(reader, 4),
            ReadInstant(reader, 5));
    }
}
