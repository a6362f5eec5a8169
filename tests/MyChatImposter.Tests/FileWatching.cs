using System.Runtime.CompilerServices;

namespace MyChatImposter.Tests;

// Every host a test builds watches appsettings.json for changes, and each watcher takes one of the
// machine's inotify instances (128 per user by default, shared with every other process of that user).
// Test hosts come and go by the hundred, so they poll instead; host processes the tests start inherit it.
internal static class FileWatching
{
    [ModuleInitializer]
    internal static void PollInsteadOfInotify() =>
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
