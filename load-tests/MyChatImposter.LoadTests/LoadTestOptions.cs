using System.Globalization;

namespace MyChatImposter.LoadTests;

public sealed record LoadTestOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project load-tests/MyChatImposter.LoadTests -- <scenario> [options]

        Scenarios:
          configurations   each virtual user PUTs its own configuration, GETs it back, and every 10th
                           iteration GETs the user list
          sandbox          contacts write to one linked sandbox bot (POST .../sandbox/inbound, 202 once archived)
          pipeline         in-process, no HTTP: one user's pipeline at full speed, then at a steady rate
                           (its options: --messages --producers --correspondents --rate --duration; see PipelineBenchmark.cs)
          login-flood      wrong-password sign-ins from 200 addresses while a person signs in and /health is asked
                           (its options: --flooders --duration --probe-every-ms --host-dll; see LoginFloodBenchmark.cs)
          bridge-ingest    100 linked WhatsApp users stream through the fake bridge into the host's archive; messages/s,
                           emit → archive ack latency, zero loss, RSS, memory per linked session (bridge-ingest --help)
          group-digest     one user tracking 50 groups of 10,000 archived messages, all run at once; time until every
                           digest is sent, peak RSS, exactly 3 digests per group (group-digest --help)
          reply            bots × correspondents at open-model rates: inbound accepted → reply sent, saturation (reply --help)
          quick            a small reply run and a burst for CI; exit 1 on a lost or duplicated reply (quick --help)
          slow-llm         one bot's LLM answering after 10 s: the other bots' reply p99 against a run without it
          burst            50,000 messages to one bot at once: every reply, time, memory (burst --help)
          crash            SIGKILL under reply load, restart: accepted messages against the archive (crash --help)

        Options:
          --users N            virtual users, each with its own connection (default 16)
          --duration T         measured time: 20s, 2m, 1500ms (default 20s unless --requests is given)
          --requests N         stop after N measured requests (with --duration, whichever comes first)
          --warmup T           unmeasured run before the measurement (default 3s; 0 for none)
          --rate R             open model: R requests per second in all, started on schedule whatever the
                               answers; latency counts from the scheduled start, so a host that falls
                               behind shows it (default: closed loop, each user sends when answered)
          --url URL            target a running host; without it the harness starts
                               src/MyChatImposter/bin/Release/net10.0/MyChatImposter.dll on a free port
                               with a fresh SQLite file (build it first: dotnet build -c Release src/MyChatImposter)
          --user ID            log each virtual user in with this account first (cookie login; a host started
                               here has its own administrator and needs none)
          --password P         the account's password (with --user)
          --help               this text

        Writes load-tests/reports/<scenario>-<UTC timestamp>.json and .md and prints the Markdown table.
        Exit code: 0 without errors, 1 when any request failed or the run could not start, 2 for bad arguments.
        """;

    public string Scenario { get; init; } = "";

    public int Users { get; init; } = 16;

    // Null with Requests set means "until the request count"; both null means the default duration.
    public TimeSpan? Duration { get; init; }

    public long? Requests { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public int? Rate { get; init; }

    public Uri? Url { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public bool Help { get; init; }

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(20);

    public TimeSpan? EffectiveDuration => Duration ?? (Requests is null ? DefaultDuration : null);

    // Hand-rolled on purpose: a handful of options does not justify a parsing package.
    // Throws ArgumentException with a message meant for the person at the terminal.
    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");

            options = arg switch
            {
                "--help" or "-h" => options with { Help = true },
                "--users" => options with { Users = PositiveInt(arg, Value()) },
                "--duration" => options with { Duration = PositiveTime(arg, Value()) },
                "--requests" => options with { Requests = PositiveInt(arg, Value()) },
                "--warmup" => options with { Warmup = Time(arg, Value()) },
                "--rate" => options with { Rate = PositiveInt(arg, Value()) },
                "--url" => options with { Url = HttpUrl(Value()) },
                "--user" => options with { User = Value() },
                "--password" => options with { Password = Value() },
                _ when arg.StartsWith('-') => throw new ArgumentException($"Unknown option {arg}."),
                _ when options.Scenario.Length == 0 => options with { Scenario = arg },
                _ => throw new ArgumentException($"Unexpected argument '{arg}': one scenario per run."),
            };
        }

        if (options.Help)
        {
            return options;
        }
        if (options.Scenario.Length == 0)
        {
            throw new ArgumentException("Name a scenario.");
        }
        if ((options.User is null) != (options.Password is null))
        {
            throw new ArgumentException("--user and --password go together.");
        }
        return options;
    }

    internal static int PositiveInt(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{option} needs a positive whole number, not '{text}'.");

    private static TimeSpan PositiveTime(string option, string text) =>
        Time(option, text) is { Ticks: > 0 } time ? time : throw new ArgumentException($"{option} must be more than 0.");

    // "20s", "2m", "1500ms"; a bare number is seconds.
    internal static TimeSpan Time(string option, string text)
    {
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], TimeSpan.FromMilliseconds(1)),
            _ when text.EndsWith('s') => (text[..^1], TimeSpan.FromSeconds(1)),
            _ when text.EndsWith('m') => (text[..^1], TimeSpan.FromMinutes(1)),
            _ => (text, TimeSpan.FromSeconds(1)),
        };
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? unit * value
            : throw new ArgumentException($"{option} needs a time such as 20s, 2m or 1500ms, not '{text}'.");
    }

    private static Uri HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ArgumentException($"--url needs an absolute http(s) URL, not '{text}'.");
}
