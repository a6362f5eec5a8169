using MyChatImposter.Api;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.ChatProviders.WhatsApp;
using MyChatImposter.Live;
using MyChatImposter.Pages;
using MyChatImposter.Telemetry;

if (args is [CreateAdminCommand.Name, ..])
{
    return await CreateAdminCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
}

if (args is [BackupCommand.Name, ..])
{
    return await BackupCommand.RunAsync(args, Console.Out, Console.Error);
}

if (args is [ProbeCommand.Name, ..])
{
    return await ProbeCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json and the static assets (from the repository's top-level wwwroot/) sit next to the
    // binaries, so `dotnet run` from any folder and the published build read the same ones; relative data
    // paths still resolve against the current directory.
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.Services.AddStorage(builder.Configuration);
// Before the areas that count activity: hosted services stop in reverse order, so its last flush comes after
// theirs have drained.
builder.Services.AddActivity();
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddPipeline(builder.Configuration);
builder.Services.AddBots();
builder.Services.AddChatSessions(builder.Configuration);
// The chat provider kinds this build has; each registers itself keyed by its ChatProviderKind.
builder.Services.AddSandbox(builder.Configuration);
builder.Services.AddWhatsApp(builder.Configuration);
builder.Services.AddDelivery(builder.Configuration);
builder.Services.AddLlm(builder.Configuration);
builder.Services.AddAutoReply(builder.Configuration);
builder.Services.AddOwnerControl(builder.Configuration);
builder.Services.AddGroupTracking(builder.Configuration);
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddLive();
builder.Services.AddApiErrorHandling();
builder.Services.AddApiJson();
builder.Services.AddApiDocumentation();
builder.Services.AddSitePages();
builder.Services.AddTelemetry(builder.Configuration);

var app = builder.Build();

if (!StartupOptionsCheck.Passes(app.Services, Console.Error))
{
    return 1;
}

app.UseTrustedForwardedHeaders();
app.UseSecurityHeaders();
app.UseApiErrorHandling();
app.UseJsonBodyCharset();
app.UseRequestBodyLimit();
app.UseStaticFiles();
app.UseRouting();
app.UseCrossSiteRequestRefusal();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapMetrics();
app.MapApi();
app.MapApiDocumentation();
app.MapLive();
app.MapRazorPages();

try
{
    await app.Services.InitializeStorageAsync();
}
catch (StorageStartException refused)
{
    await Console.Error.WriteLineAsync(refused.Message);
    return 1;
}
await app.RunAsync();
return 0;

public partial class Program;
