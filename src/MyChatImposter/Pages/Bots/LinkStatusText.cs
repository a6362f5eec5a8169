using System.Security.Cryptography;

namespace MyChatImposter.Pages.Bots;

// What the link page says about a status, rendered by the server and sent by its event stream alike, so
// wwwroot/js/link.js holds no words of its own.
public static class LinkStatusText
{
    public static string Describe(ChatStatus? status) => status?.Status switch
    {
        null => "Not linked: no session is running. Link to get a code to scan.",
        ChatStatus.Initializing => "Starting…",
        ChatStatus.Linking when status.Qr is not null => "Scan this code in WhatsApp → Linked devices → Link a device.",
        ChatStatus.Linking => "Waiting for the code…",
        ChatStatus.Connecting => "Connecting…",
        ChatStatus.Connected => "Linked.",
        ChatStatus.Reconnecting => "Reconnecting…",
        ChatStatus.Disconnected => "Not linked: the code was not scanned in time, or the session stopped. Link again for a new code.",
        ChatStatus.LoggedOut => "Logged out: WhatsApp ended this login. Link again for a new code.",
        ChatStatus.Replaced => "Replaced: another client took over this login. Link again to use it here.",
        ChatStatus.Error => "The link failed. Link again to retry.",
        var other => other,
    };

    // Names the QR an image shows without revealing it (the text links a phone to this bot): it changes
    // with every new code, so the image's address changes and no cache serves an old code.
    public static string? QrVersion(ChatStatus? status) => status?.Qr is { } qr
        ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(qr)))[..16]
        : null;
}
