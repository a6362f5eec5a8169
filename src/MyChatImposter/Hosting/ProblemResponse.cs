namespace MyChatImposter.Hosting;

// A ProblemDetails answer written outside an endpoint: by middleware that refuses a request before any endpoint
// runs, or by the rate limiter and the authorization result handler.
public static class ProblemResponse
{
    public static async Task WriteAsync(
        HttpContext context, int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.ProblemDetails.Extensions[name] = value;
        }
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }
}
