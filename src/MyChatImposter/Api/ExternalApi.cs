namespace MyChatImposter.Api;

// The REST API under the original's external prefix. The group marks its endpoints as API endpoints, so
// authentication failures answer 401/403 ProblemDetails instead of redirecting to the login page.
public static class ExternalApi
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        // The original API spoke snake_case (user_ids, native_name); its clients keep working.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/external").WithMetadata(ApiEndpoint.Instance);
        api.MapAuthApi();
        api.MapAccountsApi();
        api.MapAuditApi();
        api.MapUsersApi();
        api.MapResourcesApi();
        api.MapSessionsApi();
        api.MapSandboxApi();
        api.MapArchiveApi();
        api.MapIncomingBufferApi();
        api.MapAutoReplyContextApi();
        api.MapGroupTrackingApi();
        api.MapDeadLettersApi();
        api.MapDeliveryApi();
        api.MapLlmInteractionsApi();
        api.MapOwnerControlApi();
        api.MapTokensApi();
        api.MapWebhooksApi();
        return api;
    }
}
