using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Api;

// The OpenAPI document and the API reference, read as a client reads them: anonymous, over HTTP.
public sealed class ApiDocumentationTests : IAsyncLifetime
{
    private readonly ImposterApp _app = new();
    private HttpClient _anonymous = null!;
    private JsonObject _document = null!;

    public async ValueTask InitializeAsync()
    {
        _anonymous = _app.CreateClient();
        var response = await _anonymous.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in _document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject());

    [Fact]
    public void Every_api_endpoint_of_the_host_is_in_the_document()
    {
        var documented = Operations().Select(operation => $"{operation.Method} {operation.Path}").ToHashSet();
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("api/external", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/').TrimEnd('/')}"))
            .ToList();

        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} API endpoints found");
        var missing = endpoints.Where(endpoint => !documented.Contains(endpoint)).ToList();
        Assert.True(missing.Count == 0, "not documented: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_operation_has_a_summary_a_success_answer_and_its_refusals()
    {
        var gaps = new List<string>();
        foreach (var (method, path, operation) in Operations())
        {
            var responses = operation["responses"]!.AsObject();
            if (string.IsNullOrWhiteSpace((string?)operation["summary"]))
            {
                gaps.Add($"{method} {path}: no summary");
            }
            if (!responses.Any(response => response.Key.StartsWith('2')))
            {
                gaps.Add($"{method} {path}: no success response");
            }
            var anonymous = path is "/api/external/auth/login" or "/api/external/auth/logout" or "/health";
            if (!anonymous && !responses.ContainsKey("401"))
            {
                gaps.Add($"{method} {path}: no 401");
            }
            if (path.Contains("{user_id}", StringComparison.Ordinal) && !responses.ContainsKey("403"))
            {
                gaps.Add($"{method} {path}: no 403 for someone else's bot");
            }
            if (operation["requestBody"] is not null && !responses.ContainsKey("415"))
            {
                gaps.Add($"{method} {path}: takes a body but has no 415 for one that is not JSON");
            }
            foreach (var (status, response) in responses.Where(response => response.Key[0] is '4' or '5'))
            {
                if (response!["content"]?["application/problem+json"] is null)
                {
                    gaps.Add($"{method} {path}: {status} is not described as ProblemDetails");
                }
            }
        }
        Assert.Empty(gaps);
    }

    [Fact]
    public void Bodies_and_answers_have_schemas_in_snake_case()
    {
        var put = _document["paths"]!["/api/external/users/{user_id}"]!["put"]!;
        Assert.Equal("#/components/schemas/UserConfiguration", (string?)put["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        var saved = _document["components"]!["schemas"]!["ConfigurationSaved"]!["properties"]!.AsObject();
        Assert.Equal(["status", "user_id"], saved.Select(property => property.Key).Order());
        var status = _document["paths"]!["/api/external/users/{user_id}/actions/link"]!["post"]!["responses"]!.AsObject();
        Assert.Superset(new HashSet<string> { "200", "401", "403", "404", "409", "422", "501", "503" }, status.Select(pair => pair.Key).ToHashSet());
    }

    [Fact]
    public void Both_ways_of_signing_in_are_described()
    {
        var schemes = _document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", (string?)schemes["api_token"]!["scheme"]);
        Assert.Equal("cookie", (string?)schemes["session_cookie"]!["in"]);
        var me = _document["paths"]!["/api/external/auth/me"]!["get"]!["security"]!.AsArray();
        Assert.Equal(2, me.Count);
        Assert.Null(_document["paths"]!["/api/external/auth/login"]!["post"]!["security"]);
    }

    [Fact]
    public async Task The_reference_is_served_by_the_host_without_anything_from_elsewhere()
    {
        var page = await _anonymous.GetAsync("/docs/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        // Its inline start-up script runs by this response's nonce, nothing else inline does.
        var nonce = System.Text.RegularExpressions.Regex.Match(html, "nonce=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", policy, StringComparison.Ordinal);
        var scriptSources = policy.Split(';').Single(directive => directive.Trim().StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSources, StringComparison.Ordinal);

        var script = await _anonymous.GetAsync("/docs/scalar.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync(Ct)).Length > 100_000);

        // The site's pages keep the strict policy.
        var login = await _anonymous.GetAsync("/login", Ct);
        Assert.DoesNotContain("nonce-", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
