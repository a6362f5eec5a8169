using System.Diagnostics;
using System.Net;

namespace MyChatImposter.LoadTests.Admin;

// One person at the admin site: their own cookie session (the API login sets the same cookie the login page
// does), going round the dashboard, one bot's pages and the API calls behind them, bot after bot, one request
// at a time with no pause. Redirects are not followed: a lost session (302 to /login) counts as an error.
public sealed class Browser : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client;
    private readonly int _index;

    public Browser(int index, Uri baseAddress)
    {
        _index = index;
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errors);

    private long _requests;
    private long _errors;

    // The round: every page and call, named as the report shows them, for one bot.
    public static IReadOnlyList<(string Name, Func<string, string> Path)> Round { get; } =
    [
        ("page: dashboard /", _ => "/"),
        ("page: bot overview", bot => $"/bots/{bot}"),
        ("page: configuration (settings/general)", bot => $"/bots/{bot}/settings/general"),
        ("page: delivery queue", bot => $"/bots/{bot}/delivery"),
        ("page: archive", bot => $"/bots/{bot}/archive"),
        ("page: activity", bot => $"/bots/{bot}/activity"),
        ("api: GET /users", _ => "/api/external/users"),
        ("api: GET /users/status", _ => "/api/external/users/status"),
        ("api: GET /users/{id}/status", bot => $"/api/external/users/{bot}/status"),
        ("api: GET delivery queue (active)", bot => $"/api/external/async-message-delivery-queue/active/{bot}"),
        ("api: GET archive page (50)", bot => $"/api/external/features/automatic_bot_reply/queue/{bot}/{InboundFlow.Correspondent(0)}?limit=50"),
    ];

    public Task SignInAsync(CancellationToken cancellationToken) =>
        AdminBrowsingScenario.SignInAsync(_client, cancellationToken);

    // Goes round until the token ends the phase; returns one OperationStats per entry of Round.
    public async Task<Dictionary<string, OperationStats>> BrowseAsync(IReadOnlyList<string> botIds, CancellationToken stop)
    {
        var stats = Round.ToDictionary(entry => entry.Name, _ => new OperationStats());
        for (var round = _index; !stop.IsCancellationRequested; round++)
        {
            var bot = botIds[round % botIds.Count];
            foreach (var (name, path) in Round)
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }
                await GetAsync(stats[name], path(bot));
            }
        }
        return stats;
    }

    private async Task GetAsync(OperationStats stats, string path)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The answer is read whole: a page is only seen once all of it has arrived. Not cancelled at the
            // phase's end, so the last request of each browser is a whole one.
            using var response = await _client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            stats.RecordResponse(Stopwatch.GetElapsedTime(started), (int)response.StatusCode, response.StatusCode == HttpStatusCode.OK);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _errors);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            stats.RecordNoResponse(exception);
            Interlocked.Increment(ref _errors);
        }
        Interlocked.Increment(ref _requests);
    }

    public void Dispose() => _client.Dispose();
}
