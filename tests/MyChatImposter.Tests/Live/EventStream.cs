using System.Text;

using System.Net;
using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Live;

// The client side of a Server-Sent Events stream: its events (type and JSON data), its comments, everything
// read. Disposing it closes the page: the request is aborted, as a browser does.
public sealed class EventStream : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _closed;
    private readonly StreamReader _reader;
    private readonly StringBuilder _received = new();

    private EventStream(HttpResponseMessage response, Stream body, CancellationToken cancellationToken)
    {
        Response = response;
        _reader = new StreamReader(body);
        _closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public sealed record Event(string Type, JsonObject Data);

    public HttpResponseMessage Response { get; }

    public string Received => _received.ToString();

    public static async Task<EventStream> OpenAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new EventStream(response, await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
    }

    public async Task<Event> NextEventAsync()
    {
        while (await NextBlockAsync() is { } block)
        {
            var lines = block.Split('\n');
            if (lines.FirstOrDefault(line => line.StartsWith("data: ", StringComparison.Ordinal)) is { } data)
            {
                var type = lines.FirstOrDefault(line => line.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..] ?? "message";
                return new Event(type, JsonNode.Parse(data["data: ".Length..])!.AsObject());
            }
        }
        throw new Xunit.Sdk.XunitException("The stream ended before the next event.");
    }

    // The next event of that type; the others before it are skipped.
    public async Task<JsonObject> NextAsync(string type)
    {
        while (true)
        {
            var next = await NextEventAsync();
            if (next.Type == type)
            {
                return next.Data;
            }
        }
    }

    public async Task<bool> NextCommentAsync()
    {
        while (await NextBlockAsync() is { } block)
        {
            if (block.StartsWith(':'))
            {
                return true;
            }
        }
        return false;
    }

    // True once the server has ended the stream (whatever it still sent before is skipped).
    public async Task<bool> EndedAsync()
    {
        while (await NextBlockAsync() is not null)
        {
        }
        return true;
    }

    // One event block: its lines up to the blank line that ends it; null once the stream ended.
    private async Task<string?> NextBlockAsync()
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        patience.CancelAfter(Patience);
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(patience.Token) is { } line)
        {
            _received.AppendLine(line);
            if (line.Length == 0)
            {
                return string.Join('\n', lines);
            }
            lines.Add(line);
        }
        return null;
    }

    public void Dispose()
    {
        _closed.Cancel();
        _reader.Dispose();
        Response.Dispose();
        _closed.Dispose();
    }
}
