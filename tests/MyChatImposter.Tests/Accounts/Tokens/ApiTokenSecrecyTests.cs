using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Accounts.Tokens;
using MyChatImposter.Tests.Llm;
using MyChatImposter.Tests.Pages;

namespace MyChatImposter.Tests.Accounts.Tokens;

// A token's text is shown once, in the answer that creates it: never in a log line at any level, never in
// the database (only its SHA-256 is stored), never in a later answer.
public sealed class ApiTokenSecrecyTests : IAsyncDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly ImposterApp _app;

    public ApiTokenSecrecyTests() => _app = new ImposterApp(new Dictionary<string, string>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
    })
    {
        ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_token_text_is_in_no_log_line_no_stored_field_and_no_later_answer()
    {
        var admin = await _app.AdminClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/external/auth/tokens", new { name = "secret keeper" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var text = created.GetProperty("token").GetString()!;
        var token = _app.TokenClient(text);

        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/external/accounts", Ct)).StatusCode);
        var listed = await token.GetStringAsync("/api/external/tokens", Ct);
        Assert.Equal(HttpStatusCode.NoContent,
            (await token.DeleteAsync($"/api/external/auth/tokens/{created.GetProperty("id").GetString()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/external/accounts", Ct)).StatusCode);
        var page = await HtmlPage.GetAsync(admin, "/account");

        Assert.DoesNotContain(text, listed);
        Assert.DoesNotContain(text, page);
        Assert.NotEmpty(_logs.Entries);
        Assert.DoesNotContain(text, _logs.All);
        // The part after the shown prefix does not leak either (say, in a cut or re-encoded form).
        Assert.DoesNotContain(text[12..30], _logs.All);

        var stored = Assert.Single(await _app.Service<IApiTokenStore>().ListAsync(null, Ct));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), stored.Hash);
        Assert.Equal(text[..12], stored.Prefix);
        Assert.DoesNotContain(text[12..], string.Join("|", stored.Id, stored.Name, stored.Hash, stored.Prefix, stored.CreatedBy));

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_app.DataDirectory, "test.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.DoesNotContain(text[12..], System.Text.Encoding.UTF8.GetString(bytes));
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
