using System.Text;
using MyChatImposter.LoadTests.Results;

namespace MyChatImposter.LoadTests.Replies;

// What every reply scenario does around its measurement: options errors (exit 2) and a host that would not
// start (exit 1) said in one line, the result written to load-tests/results/<scenario>.json and .md, the
// Markdown on stdout.
public static class ReplyReport
{
    public static async Task<int> RunAsync(string usage, string[] args, string[] known, Func<ScenarioArgs, Task<int>> scenario)
    {
        ScenarioArgs options;
        try
        {
            options = ScenarioArgs.Parse(args, [.. known, "--results"]);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(usage);
            return 0;
        }
        try
        {
            return await scenario(options);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Interrupted: no results written.");
            return 130;
        }
    }

    public static ScenarioResult Result(
        string scenario, PhaseFigures headline, HostUnderTest host, double durationSeconds, IReadOnlyList<TargetCheck> targets,
        IReadOnlyDictionary<string, object?> extra, MachineInfo machine) => new(
        scenario, headline.Sent, headline.Replies, headline.Lost, headline.Duplicated, headline.AcceptedPerSecond,
        headline.AcceptedToReply.P50Ms, headline.AcceptedToReply.P95Ms, headline.AcceptedToReply.P99Ms,
        Math.Round((host.PeakWorkingSetBytes() ?? 0) / 1024.0 / 1024.0, 1), Math.Round(durationSeconds, 1), machine,
        DateTimeOffset.UtcNow, targets, extra);

    // --results DIR writes elsewhere than the committed load-tests/results (CI keeps its checkout clean).
    public static async Task WriteAsync(ScenarioResult result, string detail, string repositoryRoot, ScenarioArgs options)
    {
        var directory = options.Text("--results") ?? Path.Combine(repositoryRoot, "load-tests", "results");
        var (json, markdown) = await result.WriteAsync(directory, detail);
        Console.WriteLine(result.ToMarkdown(detail));
        Console.Error.WriteLine($"Wrote {json} and {markdown}");
    }

    public static string Table(IEnumerable<PhaseFigures> phases)
    {
        var text = new StringBuilder();
        text.AppendLine(PhaseFigures.TableHeader);
        foreach (var phase in phases)
        {
            text.AppendLine(phase.TableRow());
        }
        return text.ToString();
    }
}
