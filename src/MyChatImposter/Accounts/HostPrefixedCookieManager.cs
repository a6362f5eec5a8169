using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyChatImposter.Accounts;

// Over HTTPS the session cookie is named "__Host-<name>": browsers then insist on Secure, path "/" and no
// Domain, so neither a sibling subdomain nor a plain-HTTP page can plant or overwrite it. Over plain HTTP
// (the zero-configuration localhost start) the prefix is not allowed, so the bare name is used.
public sealed class HostPrefixedCookieManager : ICookieManager
{
    private const string Prefix = "__Host-";
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, NameFor(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, NameFor(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, NameFor(context, key), options);

    private static string NameFor(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;
}
