namespace MyChatImposter.Api;

// Lists that configuration widgets offer (spec/01 §6).
public static class ResourcesApi
{
    public static RouteGroupBuilder MapResourcesApi(this IEndpointRouteBuilder api)
    {
        var resources = api.MapGroup("/resources").WithTags("Resources")
            .RequireAuthorization(ApiPolicies.AnyUser);

        resources.MapGet("/languages", () => TypedResults.Json(ConfigurationResources.Languages, ConfigurationJson.Options));
        resources.MapGet("/timezones", () => TypedResults.Ok(ConfigurationResources.Timezones));

        return resources;
    }
}
