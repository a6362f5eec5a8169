using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.Hosting;

// Issue 11, hole 6, the causes only a real socket shows: a malformed chunk size and a body that arrives too
// slowly. Kestrel refuses both (400, 408); the host answers with that status and logs the refusal at
// Information, never as an error of its own with a stack trace.
public sealed class RawHttpBadInputTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private readonly ImposterApp _app;
    private Uri _address = null!;

    public RawHttpBadInputTests()
    {
        _app = new ImposterApp
        {
            ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs)),
        };
        _app.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            // The shortest grace period Kestrel allows (more than its one-second heartbeat), so a stalled body
            // is refused within about two seconds rather than the default five.
            options.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(1.5));
        });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app.StartServer();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Sends the bytes as they are and reads the answer until the server closes the connection.
    private async Task<string> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_address.Host, _address.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(Ct);
    }

    private static string ChunkedLogin(string chunks) =>
        "POST /api/external/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + chunks;

    private void AssertRefusalLoggedAtInformation(string reason)
    {
        Assert.True(_logs.Errors.Count == 0, string.Join("\n", _logs.Errors));
        var refusal = Assert.Single(_logs.Entries, entry => entry.Contains("ClientFaultExceptionHandler[1110]"));
        Assert.StartsWith("Information ", refusal);
        Assert.Contains(reason, refusal);
        Assert.DoesNotContain("   at ", refusal);
    }

    [Fact]
    public async Task A_malformed_chunk_size_is_400_logged_at_information()
    {
        var response = await SendRawAsync(ChunkedLogin("FFFFFFFFFFFFFFFF\r\n"));

        Assert.True(response.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), response + "\n" + _logs.All);
        Assert.Contains("application/problem+json", response);
        AssertRefusalLoggedAtInformation("with 400");
    }

    [Fact]
    public async Task A_body_that_stops_arriving_is_408_logged_at_information()
    {
        // One byte of a chunk that promises sixteen, then nothing: Kestrel's data rate check times the body out.
        var response = await SendRawAsync(ChunkedLogin("10\r\n{"));

        Assert.True(response.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), response + "\n" + _logs.All);
        AssertRefusalLoggedAtInformation("with 408");
    }
}
