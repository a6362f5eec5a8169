using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Login, logout and the signed-in user's own account (spec/07 §2-4, with the intended status codes).
public static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder api)
    {
        // Signing in and out needs no session; everything else acts on the signed-in user's own account.
        var anonymous = api.MapGroup("/auth").WithTags("Authentication").AllowAnonymous();

        anonymous.MapPost("/login", Login).RequireRateLimiting(LoginRateLimit.Policy)
            .WithSummary("Signs in with a user id and password; the session cookie comes with the answer.")
            .WithDescription("Failed attempts lock the account for the caller's address for a while (423, Retry-After); "
                + "too many attempts from one address answer 429; when the server is checking too many passwords at once, 503 with Retry-After.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // The cast keeps the handler's typed result: as a bare method group it would bind as a RequestDelegate.
        anonymous.MapPost("/logout", (Delegate)Logout).WithSummary("Signs out: ends the caller's session, if any.");

        var signedIn = api.MapGroup("/auth").WithTags("Authentication").RequireAuthorization(ApiPolicies.AnyUser);

        signedIn.MapGet("/me", Me).WithSummary("Who the caller is: their user id and role.");
        signedIn.MapPost("/password", ChangePassword).WithSummary("Changes the caller's own password; their other sessions end.")
            .WithDescription("The current password is required: a wrong one answers 403 with the field current_password. "
                + "A new password that fails the policy answers 422; when the server is checking too many passwords at once, 503 with Retry-After.")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        signedIn.MapGet("/sessions", ListSessions).WithSummary("Lists the caller's own sessions, marking the current one.");
        signedIn.MapDelete("/sessions", EndOtherSessions).WithSummary("Ends all of the caller's sessions except the current one.");
        signedIn.MapDelete("/sessions/{fingerprint}", EndSession).WithSummary("Ends one of the caller's sessions, named by its id from the session list.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record LoginRequest(string? UserId, string? Password);

    public sealed record LoginResponse(bool Success, string Message, string UserId, string Role);

    public sealed record Identity(string UserId, string Role);

    public sealed record LogoutResponse(bool Success, string Message);

    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    public sealed record PasswordChanged(string Status);

    public sealed record SessionsEnded(int Ended);

    public sealed record SessionView(
        string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt,
        string? ClientIp, string? UserAgent, bool Current);

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(
        [FromBody] LoginRequest? request, HttpContext context, LoginService logins, TimeProvider time)
    {
        if (request is null || string.IsNullOrEmpty(request.UserId) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["user_id"] = string.IsNullOrEmpty(request?.UserId) ? ["is required."] : [],
                ["password"] = string.IsNullOrEmpty(request?.Password) ? ["is required."] : [],
            }.Where(pair => pair.Value.Length > 0).ToDictionary())
            {
                Title = "user_id and password are required",
                Status = StatusCodes.Status400BadRequest,
            });
        }

        var outcome = await logins.AttemptAsync(
            request.UserId, request.Password, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        switch (outcome)
        {
            case LoginOutcome.Succeeded succeeded:
                await SessionSignIn.SignInAsync(context, succeeded.Account);
                return TypedResults.Ok(new LoginResponse(true, "Login successful", succeeded.Account.UserId,
                    ImposterClaims.RoleName(succeeded.Account.Role)));
            case LoginOutcome.Locked locked:
                var retryAfter = Math.Max(1, (int)Math.Ceiling((locked.Until - time.GetUtcNow()).TotalSeconds));
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    title: "Too many failed logins",
                    detail: $"Sign-in from your address is locked for this account until {locked.Until:O}.",
                    statusCode: StatusCodes.Status423Locked,
                    extensions: new Dictionary<string, object?>
                    {
                        ["locked_until"] = locked.Until.ToString("O"),
                        ["retry_after"] = retryAfter,
                    });
            case LoginOutcome.Busy busy:
                context.Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    title: "Too many sign-ins at once",
                    detail: $"The server is checking too many passwords right now; try again in {busy.RetryAfterSeconds} seconds.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    extensions: new Dictionary<string, object?> { ["retry_after"] = busy.RetryAfterSeconds });
            default:
                return TypedResults.Problem(
                    title: "Invalid credentials",
                    detail: "The user id or password is not correct.",
                    statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    // Idempotent, as the original: 200 with or without a session.
    private static async Task<Ok<LogoutResponse>> Logout(HttpContext context)
    {
        await SessionSignIn.SignOutAsync(context);
        return TypedResults.Ok(new LogoutResponse(true, "Logged out"));
    }

    private static Ok<Identity> Me(HttpContext context) =>
        TypedResults.Ok(new Identity(context.User.UserId()!, context.User.IsAdmin() ? "admin" : "user"));

    private static async Task<Results<Ok<PasswordChanged>, ProblemHttpResult>> ChangePassword(
        [FromBody] PasswordChange? change, HttpContext context, AccountService accounts)
    {
        var result = await accounts.ChangeOwnPasswordAsync(
            context.User.UserId()!, change?.CurrentPassword, change?.NewPassword, CurrentFingerprint(context),
            context.RequestAborted);
        return AccountResults.From(result, TypedResults.Ok(new PasswordChanged("success")), context);
    }

    private static async Task<Ok<IReadOnlyList<SessionView>>> ListSessions(HttpContext context, ILoginSessionStore sessions)
    {
        var current = CurrentFingerprint(context);
        var mine = await sessions.ListForUserAsync(context.User.UserId()!, context.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<SessionView>>(mine.Select(session =>
        {
            var fingerprint = SessionIds.Fingerprint(session.IdHash);
            return new SessionView(fingerprint, session.CreatedAt, session.LastSeenAt, session.ExpiresAt,
                session.ClientIp, session.UserAgent, fingerprint == current);
        }).ToList());
    }

    private static async Task<Ok<SessionsEnded>> EndOtherSessions(HttpContext context, AccountService accounts, AuditTrail audit)
    {
        var userId = context.User.UserId()!;
        var ended = await accounts.EndOtherSessionsAsync(userId, CurrentFingerprint(context), context.RequestAborted);
        await audit.RecordAsync(AuditEvents.SessionsEnded, userId, userId,
            new Dictionary<string, string> { ["count"] = ended.ToString(CultureInfo.InvariantCulture) }, context.RequestAborted);
        return TypedResults.Ok(new SessionsEnded(ended));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndSession(string fingerprint, HttpContext context, AccountService accounts, AuditTrail audit)
    {
        var userId = context.User.UserId()!;
        if (!await accounts.EndSessionAsync(userId, fingerprint, context.RequestAborted))
        {
            return TypedResults.Problem(title: "Session not found", detail: "You have no session with this id.",
                statusCode: StatusCodes.Status404NotFound);
        }
        await audit.RecordAsync(AuditEvents.SessionsEnded, userId, userId,
            new Dictionary<string, string> { ["count"] = "1", ["session"] = fingerprint }, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static string CurrentFingerprint(HttpContext context) =>
        context.User.FindFirst(ImposterClaims.SessionFingerprint)?.Value ?? "";
}
