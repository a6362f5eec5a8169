using System.Text.RegularExpressions;

namespace MyChatImposter.BrowserTests.Pages;

// URL expectations by path alone: the host's port changes every run, and redirects add ?ReturnUrl=...
public static class SitePath
{
    public static Regex Is(string path) => new($@"^https?://[^/]+{Regex.Escape(path)}(\?.*)?$");
}
