using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Tests.AutoReply;

namespace MyChatImposter.Tests.Telemetry;

// With Telemetry:OtlpEndpoint set, the host pushes its traces and metrics to a collector over OTLP/HTTP
// (protobuf). The stand-in collector keeps each body; protobuf writes strings as plain UTF-8, so a span's
// route can be found in the bytes without decoding them, and so can text that must not be there.
[Collection(nameof(ProcessWideTracing))]
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traces_and_metrics_reach_the_configured_collector_without_message_text()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = new ImposterApp(new Dictionary<string, string>
        {
            ["Telemetry:OtlpEndpoint"] = collector.Url.ToString(),
            // The SDK's standard settings (read from configuration as from the environment): export every
            // 200 ms rather than every 5 s (spans) and 60 s (metrics), so the test waits for an export, not a stop.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        var admin = await app.AdminClientAsync();
        await admin.SaveAndLinkAsync("ann", AutoReplyBots.Configuration("ann"));
        await admin.WriteAsync("ann", AutoReplyBots.Dana, "the secret surprise party is on Friday");

        await collector.ReceivedAsync("/v1/traces", "/api/external/users/{user_id}/sandbox/inbound");
        await collector.ReceivedAsync("/v1/metrics", "imposter.pipeline.archived");
        Assert.All(collector.Bodies, body => Assert.DoesNotContain("secret surprise party", body, StringComparison.Ordinal));
        Assert.All(collector.ContentTypes, type => Assert.Equal("application/x-protobuf", type));
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_and_no_trace_is_recorded()
    {
        await using var app = new ImposterApp();
        Assert.Null(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient("10.0.0.8").GetAsync("/health", Ct)).StatusCode);
    }

    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string Path, string ContentType, string Body)> _received = new();
        private readonly ConcurrentQueue<(string Path, string Text, TaskCompletionSource Seen)> _waits = new();
        private LoopbackServer _server = null!;

        public Uri Url => _server.Url;

        public IEnumerable<string> ContentTypes => _received.Select(request => request.ContentType);

        public IEnumerable<string> Bodies => _received.Select(request => request.Body);

        // Completes once an export to the path has carried the text.
        public Task ReceivedAsync(string path, string text)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Enqueue((path, text, seen));
            Check();
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }

        private void Check()
        {
            foreach (var wait in _waits)
            {
                if (_received.Any(request => request.Path == wait.Path && request.Body.Contains(wait.Text, StringComparison.Ordinal)))
                {
                    wait.Seen.TrySetResult();
                }
            }
        }

        public static async Task<OtlpCollector> StartAsync()
        {
            var collector = new OtlpCollector();
            collector._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                // Latin-1: every byte one character, so UTF-8 text inside the protobuf reads as itself (for ASCII).
                collector._received.Enqueue((context.Request.Path, context.Request.ContentType ?? "", Encoding.Latin1.GetString(body.ToArray())));
                collector.Check();
                return Results.Ok();
            }));
            return collector;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}

// The tracer's listeners are process-wide (ASP.NET Core's and HttpClient's activity sources are shared by every
// host in the process), so beside other tests' hosts it would record their requests too; and under a full
// parallel run this host's spans did not always reach the collector within 30 s. Run alone, as a host runs
// in production: one per process.
[CollectionDefinition(nameof(ProcessWideTracing), DisableParallelization = true)]
public sealed class ProcessWideTracing;
