using System.Reflection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Hosting;

namespace MyChatImposter.Tests.Hosting;

// Log lines are found by their event id ("[6012]"): an id used twice names two statements, and an id
// outside its area's range in LogEventIds is on its way to being used twice.
public sealed class LogEventIdTests
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private static readonly List<(MethodInfo Method, int Id)> Logs =
    [
        .. typeof(LogEventIds).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(Declared))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(log => log.Attribute is not null)
            .Select(log => (log.Method, log.Attribute!.EventId)),
    ];

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";

    [Fact]
    public void The_assembly_has_logger_messages()
    {
        // Guards the other tests: reflection that found nothing would pass them all.
        Assert.True(Logs.Count > 50, $"found only {Logs.Count} [LoggerMessage] methods");
    }

    [Fact]
    public void No_two_logger_messages_share_an_event_id()
    {
        var shared = Logs
            .GroupBy(log => log.Id)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(log => Name(log.Method)))}")
            .ToList();

        Assert.True(shared.Count == 0, $"event ids used more than once: {string.Join("; ", shared)}");
    }

    [Fact]
    public void Every_logger_message_has_an_id_in_its_class_range()
    {
        var misplaced = Logs
            .Where(log => !LogEventIds.Ranges.Any(range =>
                range.Classes.Contains(log.Method.DeclaringType!.Name) && log.Id >= range.First && log.Id <= range.Last))
            .Select(log => $"{Name(log.Method)} ({log.Id})")
            .ToList();

        Assert.True(misplaced.Count == 0,
            $"not in their class's range of LogEventIds (add the class to its area, or take an id from it): {string.Join(", ", misplaced)}");
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var ordered = LogEventIds.Ranges.OrderBy(range => range.First).ToList();

        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First,
            $"{pair.First.Area} ({pair.First.First}–{pair.First.Last}) overlaps {pair.Second.Area} ({pair.Second.First}–{pair.Second.Last})"));
    }
}
