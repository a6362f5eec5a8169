using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Login accounts, administrators only. The original had no such endpoints (spec/08 §8).
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(ApiPolicies.Admin);

        accounts.MapPost("/", Create);
        accounts.MapGet("/", List);
        accounts.MapGet("/{user_id}", Get);
        accounts.MapPut("/{user_id}/role", SetRole);
        accounts.MapPut("/{user_id}/disabled", SetDisabled);
        accounts.MapPut("/{user_id}/password", SetPassword);
        accounts.MapPost("/{user_id}/unlock", Unlock);
        accounts.MapDelete("/{user_id}", Delete);

        return accounts;
    }

    public sealed record NewAccount(string? UserId, string? Password, AccountRole? Role);

    public sealed record RoleChange(AccountRole? Role);

    public sealed record DisabledChange(bool? Disabled);

    public sealed record PasswordReset(string? Password);

    public sealed record AccountView(
        string UserId, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<DateTimeOffset> LockedUntil);

    private static async Task<IResult> Create([FromBody] NewAccount? body, HttpContext context, AccountService accounts, IAccountStore store)
    {
        if (body?.Role is null)
        {
            return MissingField("role", "is required: \"admin\" or \"user\".");
        }
        var result = await accounts.CreateAsync(body.UserId, body.Password, body.Role.Value, context.User.UserId(), context.RequestAborted);
        if (!result.Succeeded)
        {
            return AccountResults.From(result, TypedResults.Ok());
        }
        var created = await View(await store.GetAsync(body.UserId!, context.RequestAborted), context);
        return TypedResults.Created($"/api/external/accounts/{body.UserId}", created);
    }

    private static async Task<Ok<IReadOnlyList<AccountView>>> List(HttpContext context, IAccountStore store, ILoginThrottleStore throttle, TimeProvider time)
    {
        var locked = await throttle.ListLockedAsync(time.GetUtcNow(), context.RequestAborted);
        var views = (await store.ListAsync(context.RequestAborted))
            .Select(account => ToView(account, locked))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<AccountView>>(views);
    }

    private static async Task<IResult> Get([FromRoute(Name = "user_id")] string userId, HttpContext context, IAccountStore store)
    {
        var view = await View(await store.GetAsync(userId, context.RequestAborted), context);
        return view is null ? NotFound(userId) : TypedResults.Ok(view);
    }

    private static async Task<IResult> SetRole([FromRoute(Name = "user_id")] string userId, [FromBody] RoleChange? body, HttpContext context, AccountService accounts) =>
        body?.Role is null
            ? MissingField("role", "is required: \"admin\" or \"user\".")
            : AccountResults.From(await accounts.SetRoleAsync(userId, body.Role.Value, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent());

    private static async Task<IResult> SetDisabled([FromRoute(Name = "user_id")] string userId, [FromBody] DisabledChange? body, HttpContext context, AccountService accounts) =>
        body?.Disabled is null
            ? MissingField("disabled", "is required: true or false.")
            : AccountResults.From(await accounts.SetDisabledAsync(userId, body.Disabled.Value, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent());

    private static async Task<IResult> SetPassword([FromRoute(Name = "user_id")] string userId, [FromBody] PasswordReset? body, HttpContext context, AccountService accounts) =>
        AccountResults.From(await accounts.SetPasswordAsync(userId, body?.Password, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent());

    private static async Task<IResult> Unlock([FromRoute(Name = "user_id")] string userId, HttpContext context, AccountService accounts) =>
        AccountResults.From(await accounts.UnlockAsync(userId, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent());

    private static async Task<IResult> Delete([FromRoute(Name = "user_id")] string userId, HttpContext context, AccountService accounts) =>
        AccountResults.From(await accounts.DeleteAsync(userId, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent());

    private static async Task<AccountView?> View(Account? account, HttpContext context)
    {
        if (account is null)
        {
            return null;
        }
        var throttle = context.RequestServices.GetRequiredService<ILoginThrottleStore>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return ToView(account, await throttle.ListLockedAsync(now, context.RequestAborted));
    }

    private static AccountView ToView(Account account, IReadOnlyList<LoginThrottleRecord> locked) => new(
        account.UserId, ImposterClaims.RoleName(account.Role), account.Disabled, account.CreatedAt, account.UpdatedAt,
        [.. locked.Where(record => record.UserId == account.UserId && record.LockedUntil is not null).Select(record => record.LockedUntil!.Value)]);

    private static IResult MissingField(string field, string message) => TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Title = $"{field} is required",
            Status = StatusCodes.Status400BadRequest,
        });

    private static IResult NotFound(string userId) => TypedResults.Problem(
        title: "Account not found", detail: $"No account named '{userId}'.", statusCode: StatusCodes.Status404NotFound);
}
