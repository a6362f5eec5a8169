using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Llm;

// A small OpenAI-compatible server for tests: real Kestrel on 127.0.0.1 with a free port, answering
// POST /v1/chat/completions (and /chat/completions, for base URLs without /v1) with scripted answers, and
// recording every request for assertions. Answers are taken in order from the script (Enqueue), then
// Fallback for every further request. Point an llm_provider_config at it with base_url = BaseUrl.
//
//   await using var server = await FakeOpenAiServer.StartAsync();
//   server.Enqueue(FakeAnswer.RateLimited(retryAfter: "1"), FakeAnswer.Text("Hi!"));
//   ... call the bot ...
//   var request = await server.RequestAsync(2);   // waits for the second request, no sleeping
//   Assert.Equal("gpt-4o-mini", request.Model);
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeAnswer> _script = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RecordedRequest>> _arrivals = new();
    private readonly List<RecordedRequest> _requests = [];
    private int _count;

    private FakeOpenAiServer(WebApplication app)
    {
        _app = app;
    }

    // http://127.0.0.1:<port>/v1, the usual form of an OpenAI-compatible base URL.
    public Uri BaseUrl => new(Root, "v1");

    // http://127.0.0.1:<port>/, for a base URL without /v1.
    public Uri Root { get; private set; } = null!;

    // The answer once the script is used up.
    public FakeAnswer Fallback { get; set; } = FakeAnswer.Text("Hello from the fake OpenAI server.");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        // The empty builder reads no configuration files and watches none: a test run starts many of these
        // servers, and each file watcher takes one of the machine's few inotify instances.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        app.MapPost("/chat/completions", server.AnswerAsync);
        await app.StartAsync();
        server.Root = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return server;
    }

    public FakeOpenAiServer Enqueue(params FakeAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
        return this;
    }

    // The request numbered `number` (1 = the first this server received), once it has arrived.
    public Task<RecordedRequest> RequestAsync(int number, CancellationToken cancellationToken = default) =>
        Arrival(number).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource<RecordedRequest> Arrival(int number) =>
        _arrivals.GetOrAdd(number, _ => new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task AnswerAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        var number = Interlocked.Increment(ref _count);
        var request = new RecordedRequest(number, context.Request.Path, context.Request.Headers.Authorization.ToString(), body,
            DateTimeOffset.UtcNow);
        lock (_requests)
        {
            _requests.Add(request);
        }
        Arrival(number).TrySetResult(request);

        var answer = _script.TryDequeue(out var scripted) ? scripted : Fallback;
        await answer.WriteAsync(context, request);
    }

    public async ValueTask DisposeAsync()
    {
        // Requests still waiting (NeverAnswers) end with the server.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(patience.Token);
        await _app.DisposeAsync();
    }
}

// One request as the server received it.
public sealed record RecordedRequest(int Number, string Path, string Authorization, JsonObject Body, DateTimeOffset ReceivedAt)
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Model => (string?)Body["model"];

    // The role and text of each message sent.
    public IReadOnlyList<(string Role, string Text)> Messages =>
        [.. (Body["messages"]?.AsArray() ?? []).Select(message => ((string)message!["role"]!, TextOf(message["content"])))];

    // Completes when the client gave up on this request while it was unanswered (FakeAnswer.NeverAnswers).
    public Task Aborted => _aborted.Task;

    internal void MarkAborted() => _aborted.TrySetResult();

    // Content is a string, or an array of parts whose text parts are joined.
    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value => (string)value!,
        JsonArray parts => string.Concat(parts.Select(part => (string?)part?["text"] ?? "")),
        _ => "",
    };
}

// What the server answers to one request.
public abstract record FakeAnswer
{
    public static FakeAnswer Text(string content) => new TextAnswer(content);

    // Any status with an OpenAI-shaped error body and the given headers.
    public static FakeAnswer Status(int status, params (string Name, string Value)[] headers) => new StatusAnswer(status, headers);

    // 429; retryAfter is the Retry-After header (seconds or an HTTP date), retryAfterMs OpenAI's retry-after-ms.
    public static FakeAnswer RateLimited(string? retryAfter = null, string? retryAfterMs = null) => new StatusAnswer(429,
        [.. retryAfter is null ? [] : new[] { ("Retry-After", retryAfter) }, .. retryAfterMs is null ? [] : new[] { ("retry-after-ms", retryAfterMs) }]);

    public static FakeAnswer ServerError(int status = 500) => new StatusAnswer(status, []);

    // Never answers: waits until the client aborts the request (timeout, cancellation), then marks it Aborted.
    public static FakeAnswer NeverAnswers { get; } = new HangingAnswer();

    // Closes the connection without an answer: a network error for the client.
    public static FakeAnswer DropsConnection { get; } = new DroppedAnswer();

    internal abstract Task WriteAsync(HttpContext context, RecordedRequest request);

    private sealed record TextAnswer(string Content) : FakeAnswer
    {
        internal override Task WriteAsync(HttpContext context, RecordedRequest request)
        {
            var model = request.Model ?? "fake-model";
            var id = $"chatcmpl-fake-{request.Number}";
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (request.Body["stream"]?.GetValue<bool>() == true)
            {
                return StreamAsync(context, id, created, model);
            }
            return context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
            });
        }

        // Server-sent events: the text in two chunks, then the finish reason, then [DONE].
        private async Task StreamAsync(HttpContext context, string id, long created, string model)
        {
            context.Response.ContentType = "text/event-stream";
            var half = Content.Length / 2;
            foreach (var delta in new[] { new JsonObject { ["role"] = "assistant", ["content"] = Content[..half] }, new JsonObject { ["content"] = Content[half..] } })
            {
                await WriteEventAsync(context, Chunk(id, created, model, delta, finishReason: null));
            }
            await WriteEventAsync(context, Chunk(id, created, model, [], finishReason: "stop"));
            await context.Response.WriteAsync("data: [DONE]\n\n");
        }

        private static JsonObject Chunk(string id, long created, string model, JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };

        private static async Task WriteEventAsync(HttpContext context, JsonObject chunk)
        {
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }
    }

    private sealed record StatusAnswer(int Code, (string Name, string Value)[] Headers) : FakeAnswer
    {
        internal override Task WriteAsync(HttpContext context, RecordedRequest request)
        {
            context.Response.StatusCode = Code;
            foreach (var (name, value) in Headers)
            {
                context.Response.Headers[name] = value;
            }
            return context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = $"Scripted failure {Code}.",
                    ["type"] = Code == 429 ? "rate_limit_exceeded" : "server_error",
                    ["code"] = null,
                },
            });
        }
    }

    private sealed record HangingAnswer : FakeAnswer
    {
        internal override async Task WriteAsync(HttpContext context, RecordedRequest request)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                request.MarkAborted();
            }
        }
    }

    private sealed record DroppedAnswer : FakeAnswer
    {
        internal override Task WriteAsync(HttpContext context, RecordedRequest request)
        {
            context.Abort();
            return Task.CompletedTask;
        }
    }
}
