using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Hosting;

public enum Caller
{
    Admin,
    User,
    Anonymous,
}

// Something that writes: an API route with its method, or a page with one of its POST handlers (null: OnPost).
public sealed record FuzzTarget(bool IsPage, string Method, string Template, string? Handler)
{
    public override string ToString() => IsPage ? $"page {Template} handler {Handler ?? "(none)"}" : $"{Method} {Template}";
}

// One generated request, as sent.
public sealed record FuzzRequest(Caller Caller, string Method, string Url, string? ContentType, byte[]? Body, string Shape)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Encoding.UTF8.GetString(Body);
        return $"{Caller} {Method} {Url}\nContent-Type: {ContentType ?? "(none)"}\nshape: {Shape}\n{(body.Length > 2000 ? body[..2000] + "…" : body)}";
    }
}

// The write endpoints of the host, found in its own endpoint list (so a new one is fuzzed without being named
// here), and generators of bad and good requests to them.
public static partial class FuzzRequests
{
    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static async Task<IReadOnlyList<FuzzTarget>> DiscoverAsync(IServiceProvider services)
    {
        var targets = new List<FuzzTarget>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            targets.AddRange(methods.Where(WriteMethods.Contains)
                .Select(method => new FuzzTarget(false, method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), null)));
        }
        // Pages answer every method on their route; what they do with a POST is in their handlers.
        var loader = services.GetRequiredService<PageLoader>();
        var pages = services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>();
        foreach (var page in pages.Where(page => page.AttributeRouteInfo?.Template is not null))
        {
            var compiled = await loader.LoadAsync(page, new EndpointMetadataCollection(page.EndpointMetadata));
            var template = "/" + page.AttributeRouteInfo!.Template!.TrimStart('/');
            targets.AddRange(compiled.HandlerMethods
                .Where(handler => HttpMethods.IsPost(handler.HttpMethod))
                .Select(handler => new FuzzTarget(true, HttpMethods.Post, template, handler.Name)));
            // A page without POST handlers is posted to as well: it must refuse, not render.
            targets.Add(new FuzzTarget(true, HttpMethods.Post, template, null));
        }
        return [.. targets.Distinct()];
    }

    // Route values: the real ids the test created, and ids that are not (unknown, malformed, hostile).
    private static readonly Dictionary<string, string[]> RouteValues = new(StringComparer.Ordinal)
    {
        ["user_id"] = ["ann", "bob", "admin", "carol", "nobody", "schema", "a b", "ANN", "..", "x%01y", new string('u', 300)],
        ["queue_type"] = ["active", "holding", "unconnected", "failed", "bogus", "FAILED"],
        ["message_id"] = ["missing", "1", "-1", "%25", new string('m', 500)],
        ["correspondent_id"] = ["alice", "nobody", "%F0%9F%98%80", ".."],
        ["fingerprint"] = ["0000000000", "abc", "%01", "%2F"],
    };

    private static readonly string[] FieldNames =
    [
        "user_id", "password", "role", "disabled", "current_password", "new_password", "recipient", "text", "message_id",
        "correspondent_id", "display_name", "group", "id", "name", "configurations", "features",
        "Input.UserId", "Input.Password", "Input.Document", "Input.Reload", "Input.ForgetKey", "Input.RecordInteractions",
        "Input.KeySource", "Input.Temperature", "Input.Provider", "Input.Model", "Input.ApiKey", "Input.Persona", "Input.BaseUrl",
        "Input.DeleteAccount", "Input.CorrespondentId", "Input.Text", "Input.GroupId", "Input.DisplayName", "Input.CurrentPassword",
        "Input.NewPassword", "Input.RepeatPassword", "Input.Code", "Input.ConfirmPassword",
        "NewAccount.UserId", "NewAccount.Password", "NewAccount.Role", "PasswordReset.UserId", "PasswordReset.Password",
        "GroupList.Text", "userId", "role", "disabled", "id", "state", "fingerprint", "correspondent", "returnUrl",
    ];

    private static readonly string[] BadKeys =
        ["x[", "Input[", "[", "]", "[]", "Input.ForgetKey[0]", "Input[UserId]", "a.b.c.d", ".", "Input..UserId", "x[0", "%", new string('k', 2000)];

    private static readonly string[] Texts =
    [
        "", " ", "x", "ann", "bob", "admin", "user", "admin,user", "user, admin", "true", "false", "True", "on", "maybe", "0", "1", "-1",
        "2", "7", "1e400", "NaN", "null", "{}", "[]", "explicit", "environment", "fakeLlm", "openAi", "active", "failed", "holding",
        "Weak", "Fuzz-Passw0rd!!x", "\u0000", "\r\n", "line1\nline2", "family@g.us Family", "<script>", "../../etc/passwd",
        "😀", "\u202Eevil", "/", "//evil.example", "https://evil.example", new string('a', 70_000),
    ];

    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.OneOf(Texts)),
        (3, Gen.Char.AlphaNumeric.Array[0, 24].Select(chars => new string(chars))),
        (1, Gen.Char.Array[0, 12].Select(chars => new string(chars))));

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (1, Gen.Const((JsonNode?)null)),
        (2, Gen.Bool.Select(value => (JsonNode?)JsonValue.Create(value))),
        (3, Gen.OneOf(0L, 1L, -1L, 2L, 7L, long.MaxValue, long.MinValue).Select(value => (JsonNode?)JsonValue.Create(value))),
        (1, Gen.Double.Select(value => double.IsFinite(value) ? (JsonNode?)JsonValue.Create(value) : JsonValue.Create(0.5))),
        (6, Text.Select(value => (JsonNode?)JsonValue.Create(value))));

    private static Gen<JsonNode?> Json(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (3, Scalar),
        (4, Gen.Select(Gen.Frequency((5, Gen.OneOf(FieldNames)), (1, Text)), Json(depth - 1)).Array[0, 6]
            .Select(fields =>
            {
                var node = new JsonObject();
                foreach (var (name, value) in fields)
                {
                    node[name] = value;
                }
                return (JsonNode?)node;
            })),
        (2, Json(depth - 1).Array[0, 5].Select(items => (JsonNode?)new JsonArray(items))));

    // Bodies that are not JSON at all, or JSON cut short, nested too deep, or in another encoding.
    private static readonly Gen<byte[]> BrokenJson = Gen.OneOf(
        Gen.OneOf("{", "[1,", "{\"role\":}", "{\"user_id\":\"a\",}", "nul", "\"unterminated", "{'a':1}", "{\"a\":1}{\"b\":2}", "")
            .Select(Encoding.UTF8.GetBytes),
        Gen.Int[65, 300].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))),
        Gen.Byte.Array[1, 64],
        Json(2).Select(node => Encoding.Unicode.GetBytes(node?.ToJsonString() ?? "null")),
        Json(2).Select(node => (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null")]));

    private static readonly Gen<string?> JsonContentType = Gen.Frequency(
        (8, Gen.Const((string?)"application/json")),
        (2, Gen.OneOf<string?>("application/json; charset=utf-8", "application/json; charset=\"UTF-8\"", "application/problem+json",
            "application/vnd.fuzz+json", "text/json")),
        (2, Gen.OneOf<string?>("application/json; charset=bogus", "application/json; charset=utf-7", "application/json; charset=utf-16",
            "application/json; charset=", "application/json; charset=\"\"")),
        (2, Gen.OneOf<string?>(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=x", "application/xml", ";;;", "application/json;;charset", "*/*")));

    private static readonly Gen<string> Query = Gen.Frequency(
        (6, Gen.Const("")),
        (2, Gen.OneOf("?delete_account=true", "?delete_account=maybe", "?after=-1", "?after=x", "?limit=0", "?limit=abc",
            "?x%5B=1", "?handler=", "?returnUrl=https://evil.example", "?correspondent=alice", "?confirm=all")));

    // (name, value) pairs of a form: its real antiforgery token most of the time, real and bad keys, odd values.
    private static Gen<List<(string Name, string Value)>> FormFields(string token) =>
        Gen.Select(
            Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false))),
            Gen.Select(Gen.Frequency((8, Gen.OneOf(FieldNames)), (2, Gen.OneOf(BadKeys)), (1, Text)), Text).Array[0, 8],
            (withToken, fields) => withToken
                ? [(HtmlFormField, token), .. fields]
                : fields.ToList());

    private const string HtmlFormField = "__RequestVerificationToken";

    public static Gen<FuzzRequest> Requests(IReadOnlyList<FuzzTarget> targets, IReadOnlyDictionary<Caller, string> tokens) =>
        from target in Gen.OneOf([.. targets])
        from anyCaller in Gen.Frequency((4, Gen.Const(Caller.Admin)), (3, Gen.Const(Caller.User)), (2, Gen.Const(Caller.Anonymous)))
        // Signing out is no bad input, and would end the session the next cases are sent with.
        let caller = target.Template.EndsWith("/logout", StringComparison.OrdinalIgnoreCase) ? Caller.Anonymous : anyCaller
        from routeValues in Gen.Int[0, 10_000].Array[5]
        from query in Query
        from request in target.IsPage ? PageRequest(target, caller, tokens[caller]) : ApiRequest(target, caller)
        select request with { Url = Fill(target.Template, routeValues) + request.Url + (request.Url.Contains('?') ? query.Replace('?', '&') : query) };

    // A body each endpoint accepts, to be broken one value at a time: deeper than random JSON gets.
    private static JsonNode? ValidBody(FuzzTarget target) => target.Template switch
    {
        var path when path.EndsWith("/auth/login", StringComparison.Ordinal) => new JsonObject { ["user_id"] = "admin", ["password"] = "not-the-password" },
        var path when path.EndsWith("/auth/password", StringComparison.Ordinal) => new JsonObject { ["current_password"] = "x", ["new_password"] = "Fuzz-Passw0rd!!x" },
        "/api/external/accounts/" => new JsonObject { ["user_id"] = "carol", ["password"] = "Carol-Passw0rd!", ["role"] = "user" },
        var path when path.EndsWith("/role", StringComparison.Ordinal) => new JsonObject { ["role"] = "user" },
        var path when path.EndsWith("/disabled", StringComparison.Ordinal) => new JsonObject { ["disabled"] = false },
        var path when path.EndsWith("/password", StringComparison.Ordinal) => new JsonObject { ["password"] = "Carol-Passw0rd!" },
        "/api/external/users/{user_id}" => ConfigurationDocuments.Valid("ann"),
        var path when path.EndsWith("/sandbox/inbound", StringComparison.Ordinal) => new JsonObject
        {
            ["correspondent_id"] = "alice", ["text"] = "hi", ["message_id"] = "m-1", ["group"] = new JsonObject { ["id"] = "g@g.us", ["name"] = "G" },
        },
        var path when path.EndsWith("/sandbox/groups", StringComparison.Ordinal) => new JsonArray(new JsonObject { ["id"] = "g@g.us", ["name"] = "G" }),
        var path when path.EndsWith("/delivery", StringComparison.Ordinal) => new JsonObject { ["recipient"] = "alice", ["text"] = "hi" },
        _ => null,
    };

    // The valid body with one value replaced by random JSON, or removed.
    private static Gen<FuzzRequest> BrokenValidBody(FuzzTarget target, Caller caller) =>
        from position in Gen.Int[0, 100_000]
        from replacement in Json(1)
        from remove in Gen.Frequency((1, Gen.Const(true)), (3, Gen.Const(false)))
        from type in JsonContentType
        select new FuzzRequest(caller, target.Method, "", type,
            Encoding.UTF8.GetBytes(Break(ValidBody(target)!, position, replacement, remove).ToJsonString()), "valid body, one value broken");

    private static JsonNode Break(JsonNode body, int position, JsonNode? replacement, bool remove)
    {
        var places = new List<(JsonNode Parent, string? Name, int Index)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject obj)
            {
                foreach (var (name, child) in obj.ToList())
                {
                    places.Add((obj, name, -1));
                    if (child is not null)
                    {
                        Walk(child);
                    }
                }
            }
            else if (node is JsonArray array)
            {
                for (var index = 0; index < array.Count; index++)
                {
                    places.Add((array, null, index));
                    if (array[index] is { } child)
                    {
                        Walk(child);
                    }
                }
            }
        }
        Walk(body);
        if (places.Count == 0)
        {
            return body;
        }
        var (parent, key, at) = places[position % places.Count];
        if (parent is JsonObject target)
        {
            if (remove)
            {
                target.Remove(key!);
            }
            else
            {
                target[key!] = replacement;
            }
        }
        else if (parent is JsonArray list)
        {
            if (remove)
            {
                list.RemoveAt(at);
            }
            else
            {
                list[at] = replacement;
            }
        }
        return body;
    }

    private static Gen<FuzzRequest> ApiRequest(FuzzTarget target, Caller caller) => ValidBody(target) is null ? AnyApiRequest(target, caller)
        : Gen.Frequency((1, AnyApiRequest(target, caller)), (1, BrokenValidBody(target, caller)));

    private static Gen<FuzzRequest> AnyApiRequest(FuzzTarget target, Caller caller) => Gen.Frequency(
        (2, Gen.Const(new FuzzRequest(caller, target.Method, "", null, null, "no body"))),
        (10, Gen.Select(Json(3), JsonContentType, (node, type) =>
            new FuzzRequest(caller, target.Method, "", type, Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null"), "JSON"))),
        (3, Gen.Select(BrokenJson, JsonContentType, (body, type) => new FuzzRequest(caller, target.Method, "", type, body, "broken JSON"))),
        (1, Gen.Select(Gen.OneOf(WriteMethods), Json(1), (method, node) =>
            new FuzzRequest(caller, method, "", "application/json", Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null"), "other method"))));

    private static Gen<FuzzRequest> PageRequest(FuzzTarget target, Caller caller, string token) =>
        from handler in Gen.Frequency(
            (8, Gen.Const(target.Handler)),
            (1, Gen.OneOf<string?>("Nope", "", "link", "Link%00", "OnPost", new string('h', 300))))
        from fields in FormFields(token)
        from encoding in Gen.Frequency((6, Gen.Const(0)), (2, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)))
        select PageBody(caller, handler, fields, encoding);

    private static FuzzRequest PageBody(Caller caller, string? handler, List<(string Name, string Value)> fields, int encoding)
    {
        var url = handler is null ? "" : $"?handler={Uri.EscapeDataString(handler)}";
        var shape = $"form ({fields.Count} fields)";
        switch (encoding)
        {
            case 0:
                return new(caller, HttpMethods.Post, url, "application/x-www-form-urlencoded",
                    Encoding.UTF8.GetBytes(string.Join("&", fields.Select(field => $"{Escape(field.Name)}={Escape(field.Value)}"))), shape);
            case 1:
                // Written by hand: HttpClient refuses the odd part names a fuzzer wants to send. Every third field is a
                // file part, as a browser sends an <input type=file>.
                var multipart = new StringBuilder();
                for (var index = 0; index < fields.Count; index++)
                {
                    var file = index % 3 == 2 ? "; filename=\"f.txt\"" : "";
                    multipart.Append(CultureInfo.InvariantCulture,
                        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{fields[index].Name}\"{file}\r\n\r\n{fields[index].Value}\r\n");
                }
                multipart.Append(CultureInfo.InvariantCulture, $"--{Boundary}--\r\n");
                return new(caller, HttpMethods.Post, url, $"multipart/form-data; boundary={Boundary}",
                    Encoding.UTF8.GetBytes(multipart.ToString()), "multipart " + shape);
            case 2:
                return new(caller, HttpMethods.Post, url, "application/x-www-form-urlencoded; charset=bogus",
                    Encoding.UTF8.GetBytes(string.Join("&", fields.Select(field => $"{field.Name}={field.Value}"))), "raw unescaped " + shape);
            default:
                return new(caller, HttpMethods.Post, url, "multipart/form-data; boundary=missing",
                    Encoding.UTF8.GetBytes(string.Join("&", fields.Select(field => $"{Escape(field.Name)}={Escape(field.Value)}"))),
                    "urlencoded body sent as multipart");
        }
    }

    private const string Boundary = "fuzz-boundary";

    private static string Escape(string text) => Uri.EscapeDataString(text.Length > 30_000 ? text[..30_000] : text);

    private static string Fill(string template, int[] picks)
    {
        var next = 0;
        return RouteParameter().Replace(template, match =>
        {
            var pool = RouteValues.GetValueOrDefault(match.Groups["name"].Value, RouteValues["user_id"]);
            return pool[picks[next++ % picks.Length] % pool.Length];
        });
    }

    [GeneratedRegex(@"\{(?<name>[^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
