namespace MyChatImposter.LoadTests.Scenarios;

// One kind of traffic. The runner calls RunIterationAsync in a loop on every virtual user; the
// scenario sends its requests through VirtualUser.SendAsync, which times and records them.
public interface IScenario
{
    string Name { get; }

    // The operation names the scenario records, in the order the report lists them.
    IReadOnlyList<string> Operations { get; }

    // Once, after sign-in and before the warm-up: whatever the traffic needs to exist (e.g. a linked bot).
    Task PrepareAsync(VirtualUser user, CancellationToken cancellationToken) => Task.CompletedTask;

    // Iterations count from 0 per virtual user and keep counting from the warm-up into the measurement.
    Task RunIterationAsync(VirtualUser user, long iteration);
}
