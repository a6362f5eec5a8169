using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace MyChatImposter.Tests.AutoReply;

// A chat client whose answers the test decides. Every call is recorded. With AutoAnswer set, a call is
// answered at once; otherwise it waits until the test takes it (NextCallAsync) and answers or fails it, and
// it ends cancelled when its token is cancelled, as a real client does.
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Channel<Call> _waiting = Channel.CreateUnbounded<Call>();

    public ConcurrentQueue<Call> Calls { get; } = new();

    public Func<IReadOnlyList<ChatMessage>, string>? AutoAnswer { get; set; }

    public int Disposals => _disposals;

    private int _disposals;

    public sealed class Call(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        internal TaskCompletionSource<ChatResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<ChatMessage> Messages { get; } = messages;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        // The texts sent, one per message, roles left out.
        public IReadOnlyList<string> Texts => [.. Messages.Select(message => message.Text)];

        public void Answer(string text) => Response.TrySetResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)));

        public void Fail(Exception error) => Response.TrySetException(error);

        // Completes when the caller gave up on this call (its draft was discarded, or the bot stopped).
        public Task CancelledAsync()
        {
            var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            CancellationToken.Register(() => cancelled.TrySetResult());
            return cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async Task<Call> NextCallAsync() => await _waiting.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public bool HasWaitingCall => _waiting.Reader.Count > 0;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = new Call([.. messages], cancellationToken);
        Calls.Enqueue(call);
        if (AutoAnswer is { } answer)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(call.Messages)));
        }
        await using var registration = cancellationToken.Register(() => call.Response.TrySetCanceled(cancellationToken));
        await _waiting.Writer.WriteAsync(call, CancellationToken.None);
        return await call.Response.Task;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Auto-reply does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => Interlocked.Increment(ref _disposals);
}
