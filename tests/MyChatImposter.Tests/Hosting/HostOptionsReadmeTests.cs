using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace MyChatImposter.Tests.Hosting;

// README.md's option tables ("| Key | Default | Range | Meaning |") list every host option with the range
// its [Range] attribute enforces, written as a user reads it: `1–10 000`, `00:00:00–01:00:00`, — for none.
public sealed class HostOptionsReadmeTests
{
    [Fact]
    public void The_readme_lists_every_option_with_its_range()
    {
        var documented = DocumentedRanges(File.ReadAllLines(Path.Combine(HostProcess.RepositoryRoot(), "README.md")));
        var problems = new List<string>();
        foreach (var option in HostOptionsCatalogue.Options)
        {
            var expected = Written(option.Range);
            if (!documented.TryGetValue(option.Key, out var range))
            {
                problems.Add($"{option.Key} is missing (range {expected})");
            }
            else if (range != expected)
            {
                problems.Add($"{option.Key}: the README says {range}, the code {expected}");
            }
        }
        var sections = HostOptionsCatalogue.Options.Select(option => option.Section + ":").Distinct().ToList();
        problems.AddRange(documented.Keys
            .Where(key => sections.Any(section => key.StartsWith(section, StringComparison.Ordinal)))
            .Where(key => HostOptionsCatalogue.Options.All(option => option.Key != key))
            .Select(key => $"{key} is in the README but is no option"));

        Assert.Empty(problems);
    }

    private static string Written(RangeAttribute? range) => range switch
    {
        null => "—",
        { OperandType: var type } when type == typeof(TimeSpan) => $"{range.Minimum}–{range.Maximum}",
        _ => $"{Grouped((int)range.Minimum)}–{Grouped((int)range.Maximum)}",
    };

    private static string Grouped(int number) => number.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');

    // A row's keys and ranges are " / "-separated in the same order; a later key may drop the first one's
    // section (`Delivery:TypingPresence` / `TypingMax`); one — stands for all.
    private static Dictionary<string, string> DocumentedRanges(string[] readme)
    {
        var ranges = new Dictionary<string, string>();
        var inTable = false;
        foreach (var line in readme)
        {
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }
            if (line.StartsWith("| Key | Default | Range |", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }
            if (!inTable || line.StartsWith("| ---", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = line.Trim('|').Split(" | ");
            var keys = cells[0].Trim().Split(" / ").Select(key => key.Trim('`')).ToList();
            var written = cells[2].Trim().Split(" / ").Select(range => range.Trim('`')).ToList();
            var section = keys[0][..(keys[0].LastIndexOf(':') + 1)];
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i].Contains(':', StringComparison.Ordinal) ? keys[i] : section + keys[i];
                ranges[key] = written.Count == 1 ? written[0] : i < written.Count ? written[i] : "(no range given)";
            }
        }
        return ranges;
    }
}
