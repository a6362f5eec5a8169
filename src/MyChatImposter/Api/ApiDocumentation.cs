using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MyChatImposter.Api;

// The API's OpenAPI document (/openapi/v1.json) and its interactive reference (/docs, Scalar, its script served
// by the host: no CDN, no fonts or telemetry from elsewhere). Both are public, as in the original: they
// describe the API, never anyone's data.
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "My Chat Imposter API",
                    Version = "v1",
                    Description = "Bots that answer WhatsApp in their owner's voice and digest the groups they watch. "
                        + "Sign in with POST /api/external/auth/login (a session cookie) or send a personal API token as "
                        + "Authorization: Bearer. Errors are ProblemDetails (RFC 9457).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = CookieSessions.CookieName,
                    Description = "The session cookie set by POST /api/external/auth/login.",
                };
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API token, created on My account or by POST /api/external/auth/tokens.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(AuthorizationResponses.AddAsync);
        });

    public static void MapApiDocumentation(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapScalarApiReference(ReferencePath, options =>
            {
                // Its toolbar offers hosted services (deploy, SDK generation) that have nothing to do with this host.
                options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
                options
                .WithTitle("My Chat Imposter API")
                .WithOpenApiRoutePattern(DocumentPath)
                .WithNonce()
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp();
            })
            .AllowAnonymous();
    }

    internal const string CookieScheme = "session_cookie";
    internal const string BearerScheme = "api_token";
}
