namespace MyChatImposter.Api;

// Lists that configuration widgets offer (spec/01 §6).
public static class ResourcesApi
{
    public static void MapResourcesApi(this IEndpointRouteBuilder api)
    {
        var resources = api.MapGroup("/resources").WithTags("Resources")
            .RequireAuthorization(ApiPolicies.AnyUser);

        // The configuration's own JSON options: a language reads as it does in a bot's configuration.
        resources.MapGet("/languages", () => TypedResults.Json(ConfigurationResources.Languages, ConfigurationJson.Options))
            .WithSummary("The languages the configuration's language picker offers (any valid code is accepted).")
            .Produces<IReadOnlyList<Language>>(StatusCodes.Status200OK);
        resources.MapGet("/timezones", () => TypedResults.Ok(ConfigurationResources.Timezones))
            .WithSummary("The time zones the configuration's time-zone picker offers (any IANA zone is accepted).");
    }
}
