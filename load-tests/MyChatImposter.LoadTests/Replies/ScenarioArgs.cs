using System.Globalization;

namespace MyChatImposter.LoadTests.Replies;

// The reply scenarios' options: "--name value" pairs and --help, each scenario naming the ones it knows;
// --host-dll for all of them; what follows "--" goes to the host. Anything else is an ArgumentException with a one-line message (exit 2).
public sealed class ScenarioArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<string> HostArguments { get; private init; } = [];

    // --host-dll: another build of the host (an older commit's, for a before/after comparison).
    public string? HostDll => _values.GetValueOrDefault("--host-dll");

    public bool Help { get; private set; }

    public static ScenarioArgs Parse(string[] args, IReadOnlyCollection<string> options)
    {
        var separator = Array.IndexOf(args, "--");
        var own = separator >= 0 ? args[..separator] : args;
        var parsed = new ScenarioArgs { HostArguments = separator >= 0 ? args[(separator + 1)..] : [] };
        for (var i = 0; i < own.Length; i++)
        {
            var arg = own[i];
            if (arg is "--help" or "-h")
            {
                parsed.Help = true;
            }
            else if (options.Contains(arg) || arg == "--host-dll")
            {
                parsed._values[arg] = i + 1 < own.Length ? own[++i] : throw new ArgumentException($"{arg} needs a value.");
            }
            else
            {
                throw new ArgumentException($"Unknown option '{arg}' (--help lists the options).");
            }
        }
        return parsed;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? LoadTestOptions.PositiveInt(name, text) : fallback;

    public TimeSpan Time(string name, TimeSpan fallback) =>
        _values.TryGetValue(name, out var text) ? LoadTestOptions.Time(name, text) : fallback;

    public TimeSpan PositiveTime(string name, TimeSpan fallback) =>
        Time(name, fallback) is { Ticks: > 0 } time ? time : throw new ArgumentException($"{name} must be more than 0.");

    // "200,500,1000"
    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback) =>
        _values.TryGetValue(name, out var text)
            ? [.. text.Split(',', StringSplitOptions.TrimEntries).Select(part => LoadTestOptions.PositiveInt(name, part))]
            : fallback;

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
