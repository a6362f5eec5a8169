namespace MyChatImposter.Hosting;

// `probe [url]`: asks a running host's /ready (or the URL given) and exits 0 when it answers 2xx, 1 otherwise.
// For a container's HEALTHCHECK: the runtime image has no curl or wget, and this needs nothing but the host's
// own files. The default address is the container's: 127.0.0.1 on the first port of ASPNETCORE_HTTP_PORTS.
public static class ProbeCommand
{
    public const string Name = "probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length > 2 || (args.Length == 2 && !Uri.TryCreate(args[1], UriKind.Absolute, out _)))
        {
            await error.WriteLineAsync($"usage: {Name} [http://127.0.0.1:8080/ready]");
            return 2;
        }
        var target = args.Length == 2 ? new Uri(args[1]) : DefaultTarget();
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(target);
            await (response.IsSuccessStatusCode ? output : error).WriteLineAsync($"{target}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{target}: no answer ({exception.Message})");
            return 1;
        }
    }

    private static Uri DefaultTarget()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080";
        var port = ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return new Uri($"http://127.0.0.1:{port}/ready");
    }
}
