using MyChatImposter.Accounts;

namespace MyChatImposter.BrowserTests.Hosting;

public sealed record SiteUser(string UserId, string Password, AccountRole Role);

// The accounts the site starts with. Alice and Bob are regular users who each own a bot; Nina is a regular
// user without one, whose bot the new-bot journey creates. Tests that need a failed sign-in use Alice and no
// test signs her in, so the lockout after repeated failures cannot reach an account that another test signs
// in with.
public static class SiteUsers
{
    public static readonly SiteUser Admin = new("admin", "Admin-Passw0rd!", AccountRole.Admin);
    public static readonly SiteUser Alice = new("alice", "Alice-Passw0rd!", AccountRole.User);
    public static readonly SiteUser Bob = new("bob", "Bob-Passw0rd!!", AccountRole.User);

    public static readonly SiteUser Nina = new("nina", "Nina-Passw0rd!", AccountRole.User);

    public static readonly IReadOnlyList<SiteUser> All = [Admin, Alice, Bob, Nina];

    public static readonly IReadOnlyList<string> BotOwners = [Alice.UserId, Bob.UserId];

    // A WhatsApp bot without an account of its own, for the administrator to link (the link journey is the
    // one test that changes it: it links it).
    public const string WhatsAppBot = "walter";

    // A sandbox bot without an account of its own, for the live pages' journeys (they alone link, unlink and
    // queue messages for it).
    public const string LiveBot = "lena";

    // Every bot the site starts with, as the administrator's dashboard lists them (ordinal order).
    public static readonly IReadOnlyList<string> Bots = [Alice.UserId, Bob.UserId, LiveBot, WhatsAppBot];

    // Bots a journey creates while the suite runs: listed too once that journey has run, whatever the order.
    public static readonly IReadOnlyList<string> CreatedByJourneys = [Nina.UserId];
}
