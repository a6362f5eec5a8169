using System.Diagnostics;
using MyChatImposter.LoadTests.Scenarios;

namespace MyChatImposter.LoadTests;

public sealed record RunResult(
    // In the order the scenario declares them.
    IReadOnlyList<(string Name, OperationStats Stats)> Operations,
    OperationStats Overall,
    TimeSpan Measured,
    TimeSpan? HostCpu,
    TimeSpan ClientCpu,
    TimeSpan? MachineBusyCpu);

// Logs the virtual users in (when asked), runs an unrecorded warm-up so connections, JIT and the
// database's caches are warm, then the measured phase, and merges what every virtual user recorded.
public sealed class ScenarioRunner(IScenario scenario, LoadTestOptions options)
{
    public async Task<RunResult> RunAsync(HostUnderTest host, CancellationToken cancellationToken)
    {
        var users = Enumerable.Range(0, options.Users).Select(i => new VirtualUser(i, host.BaseAddress)).ToList();
        try
        {
            // A host started here has its own administrator; a host given by --url needs --user/--password.
            var (userId, password) = host.IsStartedHere && options.User is null
                ? (HostUnderTest.AdminUser, HostUnderTest.AdminPassword)
                : (options.User, options.Password);
            if (userId is not null)
            {
                // One login shared by all: each login costs a bcrypt hash on the host (about a quarter of a
                // second of one core), so 32 logins would load the host before the measuring starts.
                await users[0].LogInAsync(userId, password!, cancellationToken);
                foreach (var user in users.Skip(1))
                {
                    user.UseSessionOf(users[0]);
                }
            }

            await scenario.PrepareAsync(users[0], cancellationToken);

            if (options.Warmup > TimeSpan.Zero)
            {
                await RunPhaseAsync(users, new Phase(options.Warmup, null, options.Rate, cancellationToken));
            }

            var hostCpuBefore = host.CpuTime();
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var machineBusyBefore = MachineInfo.BusyCpuTime();
            var started = Stopwatch.GetTimestamp();
            var recorded = await RunPhaseAsync(users, new Phase(options.EffectiveDuration, options.Requests, options.Rate, cancellationToken));
            // Until the last virtual user's last answer, so requests finishing after the deadline are
            // not counted against a shorter time.
            var measured = Stopwatch.GetElapsedTime(started);
            var hostCpu = host.CpuTime() - hostCpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
            var machineBusy = MachineInfo.BusyCpuTime() - machineBusyBefore;

            var (operations, overall) = Merge(recorded);
            return new RunResult(operations, overall, measured, hostCpu, clientCpu, machineBusy);
        }
        finally
        {
            users.ForEach(user => user.Dispose());
        }
    }

    private async Task<IReadOnlyDictionary<string, OperationStats>[]> RunPhaseAsync(List<VirtualUser> users, Phase phase) =>
        await Task.WhenAll(users.Select(user => Task.Run(() => user.RunAsync(scenario, phase))));

    private (List<(string Name, OperationStats Stats)> Operations, OperationStats Overall) Merge(
        IReadOnlyDictionary<string, OperationStats>[] recorded)
    {
        var operations = scenario.Operations.ToDictionary(name => name, _ => new OperationStats());
        var overall = new OperationStats();
        foreach (var (name, stats) in recorded.SelectMany(perUser => perUser))
        {
            if (!operations.TryGetValue(name, out var merged))
            {
                throw new InvalidOperationException($"Scenario {scenario.Name} recorded '{name}', which it does not declare.");
            }
            merged.Add(stats);
            overall.Add(stats);
        }
        return (scenario.Operations.Select(name => (name, operations[name])).ToList(), overall);
    }
}
