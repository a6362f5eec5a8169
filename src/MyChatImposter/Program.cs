using MyChatImposter.Accounts;
using MyChatImposter.Api;
using MyChatImposter.Storage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Static assets come from the repository's top-level wwwroot/, copied next to the binaries.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.Services.AddStorage(builder.Configuration);
builder.Services.AddApiErrorHandling();
// The original API spoke snake_case (user_ids, native_name); its clients keep working.
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
builder.Services.AddApiPolicies();
builder.Services.AddRazorPages();

var app = builder.Build();

app.UseApiErrorHandling();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthorization();

app.MapHealth();
app.MapUsersApi();
app.MapResourcesApi();
app.MapRazorPages();

await app.Services.InitializeStorageAsync();
await app.RunAsync();

public partial class Program;
