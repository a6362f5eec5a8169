using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Login accounts, administrators only. The original had no such endpoints (spec/08 §8).
public static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(ApiPolicies.Admin);

        accounts.MapPost("/", Create).WithSummary("Creates a login account.")
            .WithDescription("The password must satisfy the password policy; the role is \"admin\" or \"user\".")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        accounts.MapGet("/", List).WithSummary("Lists every login account, with its sign-in locks.");
        accounts.MapGet("/{user_id}", Get).WithSummary("One login account, with its sign-in locks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPut("/{user_id}/role", SetRole).WithSummary("Makes an account an administrator or a regular user.")
            .WithDescription("Refused with 409 when it would leave no enabled administrator.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapPut("/{user_id}/disabled", SetDisabled).WithSummary("Disables or enables an account.")
            .WithDescription("Disabling ends the account's sessions; refused with 409 when it would leave no enabled administrator.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapPut("/{user_id}/password", SetPassword).WithSummary("Sets an account's password.")
            .WithDescription("Every session of that account ends.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        accounts.MapPost("/{user_id}/unlock", Unlock).WithSummary("Lifts an account's sign-in locks after failed logins.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapDelete("/{user_id}", Delete).WithSummary("Deletes a login account and ends its sessions.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public sealed record NewAccount(string? UserId, string? Password, AccountRole? Role);

    public sealed record RoleChange(AccountRole? Role);

    public sealed record DisabledChange(bool? Disabled);

    public sealed record PasswordReset(string? Password);

    public sealed record AccountView(
        string UserId, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<DateTimeOffset> LockedUntil);

    private static async Task<Results<Created<AccountView>, ProblemHttpResult>> Create(
        [FromBody] NewAccount? body, HttpContext context, AccountService accounts, IAccountStore store)
    {
        if (body?.Role is null)
        {
            return MissingRole();
        }
        var result = await accounts.CreateAsync(body.UserId, body.Password, body.Role.Value, context.User.UserId(), context.RequestAborted);
        if (!result.Succeeded)
        {
            return AccountResults.Problem(result, context);
        }
        var created = await View(await store.GetAsync(body.UserId!, context.RequestAborted), context);
        return TypedResults.Created($"/api/external/accounts/{body.UserId}", created!);
    }

    private static async Task<Ok<IReadOnlyList<AccountView>>> List(HttpContext context, IAccountStore store, ILoginThrottleStore throttle, TimeProvider time)
    {
        var locked = await throttle.ListLockedAsync(time.GetUtcNow(), context.RequestAborted);
        var views = (await store.ListAsync(context.RequestAborted))
            .Select(account => ToView(account, locked))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<AccountView>>(views);
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> Get(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, IAccountStore store) =>
        await View(await store.GetAsync(userId, context.RequestAborted), context) is { } view ? TypedResults.Ok(view) : NotFound(userId);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetRole(
        [FromRoute(Name = "user_id")] string userId, [FromBody] RoleChange? body, HttpContext context, AccountService accounts) =>
        body?.Role is null
            ? MissingRole()
            : AccountResults.From(await accounts.SetRoleAsync(userId, body.Role.Value, context.User.UserId()!, context.RequestAborted),
                TypedResults.NoContent(), context);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetDisabled(
        [FromRoute(Name = "user_id")] string userId, [FromBody] DisabledChange? body, HttpContext context, AccountService accounts) =>
        body?.Disabled is null
            ? Problems.Field(StatusCodes.Status400BadRequest, "disabled is required", "disabled", "is required: true or false.")
            : AccountResults.From(await accounts.SetDisabledAsync(userId, body.Disabled.Value, context.User.UserId()!, context.RequestAborted),
                TypedResults.NoContent(), context);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetPassword(
        [FromRoute(Name = "user_id")] string userId, [FromBody] PasswordReset? body, HttpContext context, AccountService accounts) =>
        AccountResults.From(await accounts.SetPasswordAsync(userId, body?.Password, context.User.UserId()!, context.RequestAborted),
            TypedResults.NoContent(), context);

    private static async Task<Results<NoContent, ProblemHttpResult>> Unlock(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, AccountService accounts) =>
        AccountResults.From(await accounts.UnlockAsync(userId, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent(), context);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, AccountService accounts) =>
        AccountResults.From(await accounts.DeleteAsync(userId, context.User.UserId()!, context.RequestAborted), TypedResults.NoContent(), context);

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

    private static ProblemHttpResult MissingRole() =>
        Problems.Field(StatusCodes.Status400BadRequest, "role is required", "role", "is required: \"admin\" or \"user\".");

    private static ProblemHttpResult NotFound(string userId) => TypedResults.Problem(
        title: "Account not found", detail: $"No account named '{userId}'.", statusCode: StatusCodes.Status404NotFound);
}
