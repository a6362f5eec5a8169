using Microsoft.AspNetCore.Authentication;

namespace MyChatImposter.Accounts;

// Decrypting the session cookie (Data Protection: AES and an HMAC) was about a tenth of the CPU an
// authenticated API request costs. The cookie only carries the session id, and the session itself is looked
// up on every request (LoginSessionTicketStore), so remembering what a cookie decrypted to changes nothing
// about when a session ends. Only cookies that decrypted are remembered, so made-up ones cannot fill it.
public sealed class RememberedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider time)
    : ISecureDataFormat<AuthenticationTicket>
{
    // A key the ring revokes stops opening cookies at most this much later.
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    // Far more than the sessions in use at once; past it, everything is forgotten and decrypted afresh.
    public const int Capacity = 1_024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (AuthenticationTicket Ticket, DateTimeOffset DecryptedAt)> _tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        // A purpose (TLS token binding) would be part of the key; none is used here, so those go straight through.
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_tickets.TryGetValue(protectedText, out var remembered) && now - remembered.DecryptedAt < MaxAge)
            {
                return remembered.Ticket;
            }
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
        {
            lock (_gate)
            {
                if (_tickets.Count >= Capacity)
                {
                    _tickets.Clear();
                }
                _tickets[protectedText] = (ticket, now);
            }
        }
        return ticket;
    }
}
