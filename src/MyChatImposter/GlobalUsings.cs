// The namespaces most of the app's files use, imported once here rather than at the top of each file: the
// page-model and endpoint attributes, options, and the features nearly everything else depends on.
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.Extensions.Options;
global using MyChatImposter.Accounts;
global using MyChatImposter.Audit;
global using MyChatImposter.ChatProviders;
global using MyChatImposter.Configuration;
global using MyChatImposter.Hosting;
