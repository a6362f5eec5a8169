using QRCoder;

namespace MyChatImposter.Pages.Bots;

// Linking a bot: the Link button while it has no running session, then the QR to scan and the status as it
// changes, followed live through /bots/{user_id}/events?page=link (Live/LiveStream, wwwroot/js/link.js). The
// QR is an image this page serves, so its text never reaches the page or a log. Ownership comes from the
// {user_id} route value, as on the bot's other pages; the image is a handler of this page, so the same
// policy guards it.
public sealed class LinkModel(ChatSessions sessions, BotLifecycle lifecycle) : BotPageModel
{
    // Pixels per QR module: a version-5 WhatsApp code comes out at about 250 px with its quiet zone.
    private const int QrModulePixels = 6;

    public static string StartedMessage(string userId) => $"{userId} is starting its session.";

    // Null when the bot has no live session.
    public ChatStatus? Status { get; private set; }

    // A new session can be started: there is none, or it ended.
    public bool CanLink => Status is null || Status.IsEnded;

    public string? QrUrl { get; private set; }

    public IActionResult OnGet() => Show();

    public async Task<IActionResult> OnPostLinkAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var result = await lifecycle.LinkAsync(userId, User.UserId()!, cancellationToken);
        var message = SessionChangeText.Describe(result, StartedMessage(userId));
        if (result.Outcome == SessionChange.Done)
        {
            TempData["Message"] = message;
            return RedirectToPage("/Bots/Link", new { user_id = userId });
        }
        // Beside the button, on the page itself: the person is here to link and can try again at once.
        ModelState.AddModelError(string.Empty, message);
        return Show();
    }

    // The current QR as a PNG; v in the address only busts caches (LinkStatusText.QrVersion).
    public IActionResult OnGetQr()
    {
        if (sessions.Get(UserId)?.Status.Qr is not { } qr)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        return File(PngByteQRCodeHelper.GetQRCode(qr, QRCodeGenerator.ECCLevel.M, QrModulePixels), "image/png");
    }

    private PageResult Show()
    {
        var userId = UserId;
        Status = sessions.Get(userId)?.Status;
        QrUrl = LinkStatusText.QrVersion(Status) is { } version
            ? Url.Page("/Bots/Link", "Qr", new { user_id = userId, v = version })
            : null;
        return Page();
    }
}
