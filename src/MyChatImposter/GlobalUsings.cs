// The namespaces most of the app's files use, imported once here rather than at the top of each file: the
// framework's attributes, JSON and options, and the app's own feature namespaces (they depend on each other
// freely; what a file needs from outside these stays at its top: drivers, SDKs, cryptography).
global using System.Collections.Concurrent;
global using System.ComponentModel.DataAnnotations;
global using System.Globalization;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Serialization;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.Extensions.Options;
global using MyChatImposter.Accounts;
global using MyChatImposter.Accounts.Tokens;
global using MyChatImposter.Activity;
global using MyChatImposter.Audit;
global using MyChatImposter.AutoReply;
global using MyChatImposter.Bots;
global using MyChatImposter.ChatProviders;
global using MyChatImposter.Configuration;
global using MyChatImposter.Delivery;
global using MyChatImposter.GroupTracking;
global using MyChatImposter.Hosting;
global using MyChatImposter.Llm;
global using MyChatImposter.OwnerControl;
global using MyChatImposter.Pipeline;
global using MyChatImposter.Storage;
global using MyChatImposter.Webhooks;
