using System.Text.Json;

namespace MyChatImposter.LoadTests.Replies;

// Follows the host's Sandbox:OutboundLogPath (SandboxWorld.AppendToLog: one JSON object a line, flushed per
// send, sent_at on the host's clock) and hands every text reply over: replies seen with no HTTP polling cost
// to the host. The file survives a host restart and a restarted host appends to it, so one tail covers both.
public sealed class OutboundTail : IAsyncDisposable
{
    // A file offers no signal to await portably; the latency comes from the host's sent_at, so this delay
    // only postpones when the harness learns of a reply (what a closed loop waits for).
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public OutboundTail(string path, Action<SeenReply> onReply)
    {
        Path = path;
        _reading = Task.Run(() => ReadAsync(path, onReply, _stop.Token));
    }

    public string Path { get; }

    private static async Task ReadAsync(string path, Action<SeenReply> onReply, CancellationToken cancellationToken)
    {
        while (!File.Exists(path))
        {
            if (!await WaitAsync(cancellationToken))
            {
                return;
            }
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        while (true)
        {
            var read = await file.ReadAsync(buffer, CancellationToken.None);
            if (read == 0)
            {
                if (!await WaitAsync(cancellationToken))
                {
                    return;
                }
                continue;
            }
            // A line is whole once its newline arrived; the rest waits for the next read.
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                pending.AddRange(buffer.AsSpan(start, i - start));
                if (Parse([.. pending]) is { } reply)
                {
                    onReply(reply);
                }
                pending.Clear();
                start = i + 1;
            }
            pending.AddRange(buffer.AsSpan(start, read - start));
        }
    }

    private static SeenReply? Parse(byte[] line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return root.GetProperty("type").GetString() == "text"
            ? new SeenReply(root.GetProperty("user_id").GetString()!, root.GetProperty("recipient").GetString()!,
                root.GetProperty("sent_at").GetDateTimeOffset(), SeenReply.AnsweredId(root.GetProperty("text").GetString()))
            : null;
    }

    private static async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(PollInterval, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }
}
