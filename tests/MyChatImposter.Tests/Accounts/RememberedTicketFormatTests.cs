using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Accounts;

public sealed class RememberedTicketFormatTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly TicketDataFormat _real = new(new EphemeralDataProtectionProvider().CreateProtector("cookie tests"));

    private static AuthenticationTicket Ticket(string sessionId) => new(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim("Microsoft.AspNetCore.Authentication.Cookies-SessionId", sessionId)], "Cookies")),
        "Cookies");

    [Fact]
    public void A_cookie_decrypted_once_is_not_decrypted_again_within_a_minute()
    {
        var format = new RememberedTicketFormat(_real, _time);
        var cookie = format.Protect(Ticket("s1"));

        var first = format.Unprotect(cookie);
        _time.Advance(RememberedTicketFormat.MaxAge - TimeSpan.FromMilliseconds(1));
        var second = format.Unprotect(cookie);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var third = format.Unprotect(cookie);

        Assert.Equal("s1", first!.Principal.Claims.Single().Value);
        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.Equal("s1", third!.Principal.Claims.Single().Value);
    }

    [Fact]
    public void A_cookie_that_does_not_decrypt_is_refused_every_time()
    {
        var format = new RememberedTicketFormat(_real, _time);
        var cookie = format.Protect(Ticket("s1"));
        var tampered = cookie[..^4] + (cookie[^4] == 'A' ? "BBBB" : "AAAA");

        Assert.Null(format.Unprotect(tampered));
        Assert.Null(format.Unprotect(tampered));
        Assert.Null(format.Unprotect("not a cookie"));
        Assert.NotNull(format.Unprotect(cookie));
    }

    [Fact]
    public void Past_its_capacity_it_forgets_and_decrypts_afresh()
    {
        var format = new RememberedTicketFormat(_real, _time);
        var firstCookie = format.Protect(Ticket("s0"));
        var first = format.Unprotect(firstCookie);

        for (var index = 1; index <= RememberedTicketFormat.Capacity; index++)
        {
            Assert.NotNull(format.Unprotect(format.Protect(Ticket($"s{index}"))));
        }

        var again = format.Unprotect(firstCookie);
        Assert.NotSame(first, again);
        Assert.Equal("s0", again!.Principal.Claims.Single().Value);
    }

    [Fact]
    public void A_purpose_bound_cookie_goes_straight_to_the_real_format()
    {
        var format = new RememberedTicketFormat(_real, _time);
        var cookie = format.Protect(Ticket("s1"), "binding");

        var first = format.Unprotect(cookie, "binding");
        var second = format.Unprotect(cookie, "binding");

        Assert.NotSame(first, second);
        Assert.Null(format.Unprotect(cookie, "another binding"));
    }
}
