namespace MyChatImposter.ChatProviders;

// The eraser of a store of per-user records, under the name the Delete page shows: it counts and deletes
// exactly what the store holds for the user. A store whose erasing must go through something else (a cache, a
// recorder holding unflushed counts) has an eraser of its own.
public sealed class UserRecordsEraser(string name, IUserRecords store) : IUserDataEraser
{
    public string Name => name;

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteForUserAsync(userId, cancellationToken);
}

public static class UserRecordsEraserRegistration
{
    public static IServiceCollection AddUserRecordsEraser<TStore>(this IServiceCollection services, string name)
        where TStore : IUserRecords =>
        services.AddSingleton<IUserDataEraser>(provider => new UserRecordsEraser(name, provider.GetRequiredService<TStore>()));
}
