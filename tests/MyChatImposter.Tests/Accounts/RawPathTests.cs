using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Accounts;

// Paths exactly as an attacker types them, sent over a raw socket to the real Kestrel server: HttpClient
// would normalise dot segments before sending, which is what the original's proxy did after the check.
public sealed class RawPathTests : IAsyncLifetime
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private readonly ImposterApp _app = new();
    private Uri _address = null!;
    private string _bobCookie = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await _app.CreateAccountAsync(Bob, BobPassword);
        await _app.CreateAccountAsync(ImposterApp.AdminId, ImposterApp.AdminPassword, AccountRole.Admin);
        using var client = new HttpClient { BaseAddress = _address };
        var admin = await client.LoginAsync(ImposterApp.AdminId, ImposterApp.AdminPassword);
        client.DefaultRequestHeaders.Add("Cookie", admin.SessionCookie());
        foreach (var userId in new[] { "alice", Bob })
        {
            (await client.PutAsJsonAsync($"/api/external/users/{userId}", ConfigurationDocuments.Valid(userId), Ct)).EnsureSuccessStatusCode();
        }
        using var bobClient = new HttpClient { BaseAddress = _address };
        _bobCookie = (await bobClient.LoginAsync(Bob, BobPassword)).SessionCookie();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/api/external/users/bob/../alice")]
    [InlineData("/api/external/users/bob/%2E%2E/alice")]
    [InlineData("/api/external/users/bob/%2e%2e/alice")]
    [InlineData("/api/external/users/bob/.%2E/alice")]
    [InlineData("/api/external/users/bob%2F..%2Falice")]
    [InlineData("/api/external/users/bob%2f..%2falice")]
    [InlineData("/api/external/users/./alice")]
    [InlineData("/api/external/users//alice")]
    public async Task Dot_segments_and_encoded_slashes_never_reach_another_users_data(string path)
    {
        var (status, body) = await SendRawAsync("GET", path, _bobCookie);

        Assert.True(status is 403 or 400 or 404, $"{path} answered {status}");
        Assert.DoesNotContain("\"user_id\":\"alice\"", body);
    }

    [Fact]
    public async Task The_owner_reaches_their_own_data_over_the_same_raw_path_mechanism()
    {
        var (status, body) = await SendRawAsync("GET", "/api/external/users/bob", _bobCookie);

        Assert.Equal(200, status);
        Assert.Contains("\"user_id\":\"bob\"", body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_100_kb_body_is_413_with_or_without_content_length(bool chunked)
    {
        var payload = "{\"user_id\":\"bob\",\"password\":\"" + new string('x', 100 * 1024) + "\"}";
        using var client = new HttpClient { BaseAddress = _address };
        HttpContent content = chunked
            ? new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(payload)))
            : new StringContent(payload, Encoding.UTF8);
        content.Headers.ContentType = new("application/json");

        var response = await client.PostAsync("/api/external/auth/login", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(chunked, content.Headers.ContentLength is null);
    }

    private async Task<(int Status, string Body)> SendRawAsync(string method, string path, string cookie)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(_address.Host, _address.Port, Ct);
        await using var stream = socket.GetStream();
        var request = $"{method} {path} HTTP/1.1\r\nHost: {_address.Authority}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(Ct);
        var status = int.Parse(response.Split(' ', 3)[1]);
        return (status, response);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
