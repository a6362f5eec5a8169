namespace MyChatImposter.Accounts;

// Bounds the bcrypt work that sign-in attempts can cause. Each check is about 0.3 s of one
// core (a refused password takes two: PasswordHasher also tries the original's plain form); unbounded, 200 connections posting wrong passwords held every thread-pool thread and pushed /health
// past 30 s and a real sign-in to 33-49 s.
//
// 1. At most Auth:MaxConcurrentPasswordChecks checks run at once (default: half the cores, at least one). The
//    others wait without holding a thread.
// 2. Two waiting lines. An address's first attempt within Auth:FailureWindow waits in the first line, its
//    later attempts in the second, and a free slot always serves the first line first. A flood from a set of
//    addresses is in the second line after one attempt each, so a person signing in from an address of their
//    own waits for the checks already running, not for the flood.
// 3. Each line holds at most Auth:PasswordCheckQueueLimit requests; one that finds its line full, or waits
//    longer than Auth:PasswordCheckMaxWait, is refused (503 with Retry-After) before any bcrypt work.
//
// What it cannot do: an attacker with more addresses than the first line has places keeps that line busy
// too; then every sign-in waits its turn or is refused quickly, and the host itself stays responsive.
public sealed class PasswordCheckGate(IOptions<AuthOptions> options, TimeProvider time)
{
    // Beyond this many remembered addresses an unknown one goes to the second line: memory stays bounded
    // even when a flood comes from millions of addresses.
    public const int MaxRememberedAddresses = 100_000;

    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _firstLine = new();
    private readonly LinkedList<TaskCompletionSource> _secondLine = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastAttempt = new();
    private int _running;

    private AuthOptions Options => options.Value;

    // What a refused request is told to wait (Retry-After): the longest wait in line, in whole seconds, at least 1.
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(Options.PasswordCheckMaxWait.TotalSeconds));

    // A permit to run one password check, or null when the request is refused; dispose the permit when the
    // check is done.
    public async Task<IDisposable?> EnterAsync(string? clientIp, CancellationToken cancellationToken)
    {
        var line = IsFirstAttemptInWindow(clientIp) ? _firstLine : _secondLine;
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource> place;
        lock (_lock)
        {
            if (_running < Options.MaxConcurrentPasswordChecks && _firstLine.Count == 0 && _secondLine.Count == 0)
            {
                _running++;
                return new Permit(this);
            }
            if (line.Count >= Options.PasswordCheckQueueLimit)
            {
                return null;
            }
            place = line.AddLast(turn);
        }

        using var waitLimit = new CancellationTokenSource(Options.PasswordCheckMaxWait, time);
        using var waitOrAbort = CancellationTokenSource.CreateLinkedTokenSource(waitLimit.Token, cancellationToken);
        try
        {
            await turn.Task.WaitAsync(waitOrAbort.Token);
            return new Permit(this);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (place.List is not null)
                {
                    place.List.Remove(place);
                    cancellationToken.ThrowIfCancellationRequested();
                    return null;
                }
            }
            // Release handed this request the slot just as its wait ended: it is ours, so use it.
            return new Permit(this);
        }
    }

    // A sign-in that succeeded puts its address back in the first line for the next time.
    public void Forget(string? clientIp) => _lastAttempt.TryRemove(clientIp ?? "", out _);

    private bool IsFirstAttemptInWindow(string? clientIp)
    {
        var now = time.GetUtcNow();
        var key = clientIp ?? "";
        if (_lastAttempt.TryGetValue(key, out var last) && now - last < Options.FailureWindow)
        {
            _lastAttempt[key] = now;
            return false;
        }
        if (_lastAttempt.Count >= MaxRememberedAddresses)
        {
            ForgetOlderThan(now - Options.FailureWindow);
            if (_lastAttempt.Count >= MaxRememberedAddresses)
            {
                return false;
            }
        }
        _lastAttempt[key] = now;
        return true;
    }

    private void ForgetOlderThan(DateTimeOffset cutoff)
    {
        foreach (var (address, last) in _lastAttempt)
        {
            if (last < cutoff)
            {
                _lastAttempt.TryRemove(address, out _);
            }
        }
    }

    private void Release()
    {
        TaskCompletionSource? next;
        lock (_lock)
        {
            var node = _firstLine.First ?? _secondLine.First;
            if (node is null)
            {
                _running--;
                return;
            }
            // The slot passes straight to the next in line; _running stays as it is.
            node.List!.Remove(node);
            next = node.Value;
        }
        next.SetResult();
    }

    private sealed class Permit(PasswordCheckGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
