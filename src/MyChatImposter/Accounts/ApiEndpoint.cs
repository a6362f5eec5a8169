namespace MyChatImposter.Accounts;

// Endpoint metadata marking the REST API, so authentication and authorization failures answer it with
// ProblemDetails (401/403) instead of the site's redirects to the login and access-denied pages.
public sealed class ApiEndpoint
{
    public static ApiEndpoint Instance { get; } = new();

    public static bool Handles(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ApiEndpoint>() is not null;
}
