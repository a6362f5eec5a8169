using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace MyChatImposter.Api;

// The answers every endpoint can give before its handler runs, added to its operation in the OpenAPI document
// from the endpoint's own metadata, so no handler has to repeat them: 401 without a session or token, 403 from
// a policy that checks more than sign-in (administrator, owner of the bot) or from the cross-site refusal of
// state-changing calls, 413 for a body over the size limit, 415 for a body that is not JSON, 429 from a rate
// limit.
internal static class AuthorizationResponses
{
    public static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? HttpMethods.Get;
        var problem = await ProblemDetailsSchemaAsync(context, cancellationToken);

        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentation.CookieScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentation.BearerScheme, context.Document)] = [] });
            Add(operation, StatusCodes.Status401Unauthorized, "Not signed in, or the token is invalid, revoked or expired.", problem);
            var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).ToHashSet();
            if (policies.Contains(ApiPolicies.Admin) || policies.Contains(ApiPolicies.OwnerOrAdmin))
            {
                Add(operation, StatusCodes.Status403Forbidden, "Signed in, but not allowed: "
                    + (policies.Contains(ApiPolicies.Admin) ? "administrators only." : "only the bot's owner or an administrator."), problem);
            }
        }
        if (!(HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
        {
            Add(operation, StatusCodes.Status403Forbidden, "Refused as a cross-site request from a browser page on another site.", problem);
        }
        if (operation.RequestBody is not null)
        {
            Add(operation, StatusCodes.Status413PayloadTooLarge, "The body is larger than the host accepts.", problem);
            Add(operation, StatusCodes.Status415UnsupportedMediaType, "The body is not of a type the endpoint reads (JSON, in UTF-8).", problem);
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(operation, StatusCodes.Status429TooManyRequests, "Too many requests; Retry-After says when to try again.", problem);
        }
    }

    // A reference to the one ProblemDetails schema of the document (registered by the first operation that needs it).
    private static async Task<IOpenApiSchema> ProblemDetailsSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        const string Name = nameof(ProblemDetails);
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(Name) != true)
        {
            document.AddComponent(Name, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken));
        }
        return new OpenApiSchemaReference(Name, document);
    }

    // A status the handler already declares keeps its own description; a second reason for the same status is added to it.
    private static void Add(OpenApiOperation operation, int status, string description, IOpenApiSchema problem)
    {
        operation.Responses ??= [];
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            if (declared.Description is { Length: > 0 } known && !known.Contains(description, StringComparison.Ordinal) && status == StatusCodes.Status403Forbidden)
            {
                declared.Description = known + " Or: " + description;
            }
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        };
    }
}
