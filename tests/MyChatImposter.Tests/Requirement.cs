using System.Diagnostics.CodeAnalysis;

namespace MyChatImposter.Tests;

// A test that needs more than the .NET SDK (the MongoDB stand-in, Node.js) skips without it, saying the one
// command that provides it; under CI (CI=true, as .ci/run sets it) it fails instead, since CI installs everything.
public static class Requirement
{
    [DoesNotReturn]
    public static void Missing(string whatToDo)
    {
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), whatToDo);
        Assert.Skip(whatToDo);
    }
}
