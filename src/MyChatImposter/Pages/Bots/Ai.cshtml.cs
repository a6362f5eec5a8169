namespace MyChatImposter.Pages.Bots;

// The AI section of a bot's configuration as a form: provider, model, temperature, base URL, the persona
// with a preview of the final system prompt, the key source and the key, and how replies go out (reply
// mode, the pause after the owner writes, draft expiry; per-entry modes stay in the configuration editor). The rest of the document is kept
// as stored. The key is never shown, only its mask; a blank key field keeps the stored key. Saved with the
// API's rules (BotLifecycle), errors beside the fields they concern.
public sealed class AiModel(ChatSessions sessions, BotLifecycle lifecycle, ApiKeyProtector keys) : BotPageModel
{
    public const string Environment = "environment";
    public const string Explicit = "explicit";

    private const string Settings = "configurations.llm_provider_config.provider_config";

    // Where each document path's errors are shown; anything else is listed above the form.
    private static readonly Dictionary<string, string> FieldOf = new(StringComparer.Ordinal)
    {
        ["configurations.llm_provider_config.provider_name"] = $"{nameof(Input)}.{nameof(InputModel.Provider)}",
        [$"{Settings}.model"] = $"{nameof(Input)}.{nameof(InputModel.Model)}",
        [$"{Settings}.temperature"] = $"{nameof(Input)}.{nameof(InputModel.Temperature)}",
        [$"{Settings}.base_url"] = $"{nameof(Input)}.{nameof(InputModel.BaseUrl)}",
        [$"{Settings}.api_key_source"] = $"{nameof(Input)}.{nameof(InputModel.KeySource)}",
        [$"{Settings}.api_key"] = $"{nameof(Input)}.{nameof(InputModel.ApiKey)}",
        ["features.automatic_bot_reply.chat_system_prompt"] = $"{nameof(Input)}.{nameof(InputModel.Persona)}",
        ["features.automatic_bot_reply.reply_mode"] = $"{nameof(Input)}.{nameof(InputModel.ReplyMode)}",
        ["features.automatic_bot_reply.takeover_pause_minutes"] = $"{nameof(Input)}.{nameof(InputModel.TakeoverPauseMinutes)}",
        ["features.automatic_bot_reply.draft_expiry_minutes"] = $"{nameof(Input)}.{nameof(InputModel.DraftExpiryMinutes)}",
    };

    public static IReadOnlyList<(ReplyMode Value, string Label)> ReplyModeChoices { get; } =
    [
        (ReplyMode.Auto, "auto: the bot sends its replies"),
        (ReplyMode.Approve, "approve: each reply is a draft you approve, edit or reject"),
        (ReplyMode.Monitor, "monitor: the bot drafts and never sends (try it on real traffic)"),
        (ReplyMode.Off, "off: the bot does not answer"),
    ];

    public static IReadOnlyList<(string Value, string Label)> Providers { get; } =
    [
        (ProviderNames.OpenAi, "OpenAI, or a server that speaks its API (Ollama, vLLM, LM Studio, a gateway)"),
        (ProviderNames.FakeLlm, "Fake: canned answers, no key and no network (for trying a bot)"),
    ];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    // "****" and the stored key's last four characters; null when no key is stored.
    public string? StoredKeyMask { get; private set; }

    // The system prompt the bot answers with, from the persona in the form.
    public string Preview { get; private set; } = "";

    public bool HasLiveSession { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Provider")]
        public string? Provider { get; set; }

        [Display(Name = "Model")]
        public string? Model { get; set; }

        // Text, read and written in the invariant culture: a number input always sends "0.7", whatever the
        // host's culture would make of it.
        [Required(ErrorMessage = "Enter a temperature from 0 to 2.")]
        [Display(Name = "Temperature")]
        public string? Temperature { get; set; }

        [Display(Name = "Base URL")]
        public string? BaseUrl { get; set; }

        [Display(Name = "Persona prompt")]
        public string? Persona { get; set; }

        [Display(Name = "API key from")]
        public string? KeySource { get; set; }

        // Write-only: never put back into the page.
        [Display(Name = "New API key")]
        public string? ApiKey { get; set; }

        public bool ForgetKey { get; set; }

        public bool RecordInteractions { get; set; }

        [Display(Name = "Reply mode")]
        public ReplyMode ReplyMode { get; set; }

        [Required(ErrorMessage = "Enter minutes from 0 (until you hand back) to 10080.")]
        [Display(Name = "Quiet after you write yourself (minutes; 0 = until you hand back)")]
        public int? TakeoverPauseMinutes { get; set; }

        [Required(ErrorMessage = "Enter minutes from 1 to 10080.")]
        [Display(Name = "A draft expires after (minutes)")]
        public int? DraftExpiryMinutes { get; set; }

        public bool Reload { get; set; }
    }

    public IActionResult OnGet()
    {
        var stored = Configuration;
        var llm = stored.Configurations.LlmProviderConfig;
        Input = new InputModel
        {
            Provider = ProviderNames.TryResolveLlm(llm.ProviderName, out var kind) ? ProviderNames.Canonical(kind) : llm.ProviderName,
            Model = llm.ProviderConfig.Model,
            Temperature = llm.ProviderConfig.Temperature.ToString("R", CultureInfo.InvariantCulture),
            BaseUrl = llm.ProviderConfig.BaseUrl,
            Persona = stored.Features.AutomaticBotReply.ChatSystemPrompt,
            KeySource = llm.ProviderConfig.ApiKeySource == ApiKeySource.Explicit ? Explicit : Environment,
            RecordInteractions = llm.ProviderConfig.RecordLlmInteractions,
            ReplyMode = stored.Features.AutomaticBotReply.ReplyMode,
            TakeoverPauseMinutes = stored.Features.AutomaticBotReply.TakeoverPauseMinutes,
            DraftExpiryMinutes = stored.Features.AutomaticBotReply.DraftExpiryMinutes,
        };
        Show();
        return Page();
    }

    // Shows the final system prompt for the persona in the form, without saving (works without script).
    public IActionResult OnPostPreview()
    {
        ModelState.Clear();
        Show();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (userId, stored) = (UserId, Configuration);
        if (Input.KeySource is not (Environment or Explicit))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(InputModel.KeySource)}", "Choose where the API key comes from.");
        }
        var temperature = 0.0;
        if (Input.Temperature is { } typed
            && !double.TryParse(typed, NumberStyles.Float, CultureInfo.InvariantCulture, out temperature))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(InputModel.Temperature)}", "Enter a number from 0 to 2, such as 0.7.");
        }
        if (!ModelState.IsValid)
        {
            Show();
            return Page();
        }

        var saved = await lifecycle.SaveConfigurationAsync(userId, Apply(stored, temperature), createOnly: false, Input.Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Message"] = $"AI settings of {userId} saved."
                + (saved.Reload is { } reload ? " " + SessionChangeText.Describe(reload, "Its session was reloaded with them.") : "");
            return RedirectToPage("/Bots/Details", new { user_id = userId });
        }
        foreach (var (path, messages) in saved.Errors)
        {
            foreach (var message in messages)
            {
                if (FieldOf.TryGetValue(path, out var field))
                {
                    ModelState.AddModelError(field, message);
                }
                else
                {
                    ModelState.AddModelError(string.Empty, $"{path}: {message}");
                }
            }
        }
        if (saved.Problem is not null)
        {
            ModelState.AddModelError(string.Empty, saved.Problem);
        }
        Show();
        return Page();
    }

    // The stored document with the form's fields in place.
    private UserConfiguration Apply(UserConfiguration stored, double temperature)
    {
        var llm = stored.Configurations.LlmProviderConfig;
        var storedKey = llm.ProviderConfig.ApiKey;
        // A blank key field keeps the stored key: its mask is what BotLifecycle reads as "keep".
        var key = Input.ForgetKey ? null
            : !string.IsNullOrWhiteSpace(Input.ApiKey) ? Input.ApiKey.Trim()
            : string.IsNullOrWhiteSpace(storedKey) ? null
            : keys.Mask(stored.UserId, storedKey);
        // The stored spelling stays while the provider does not change ("openai" is not rewritten to "openAi").
        var providerName = ProviderNames.TryResolveLlm(llm.ProviderName, out var storedKind)
            && ProviderNames.TryResolveLlm(Input.Provider, out var chosenKind) && storedKind == chosenKind
            ? llm.ProviderName
            : Input.Provider ?? "";

        return stored with
        {
            Configurations = stored.Configurations with
            {
                LlmProviderConfig = llm with
                {
                    ProviderName = providerName,
                    ProviderConfig = llm.ProviderConfig with
                    {
                        Model = Input.Model?.Trim() ?? "",
                        Temperature = temperature,
                        BaseUrl = string.IsNullOrWhiteSpace(Input.BaseUrl) ? null : Input.BaseUrl.Trim(),
                        ApiKeySource = Input.KeySource == Explicit ? ApiKeySource.Explicit : ApiKeySource.Environment,
                        ApiKey = key,
                        RecordLlmInteractions = Input.RecordInteractions,
                    },
                },
            },
            Features = stored.Features with
            {
                AutomaticBotReply = stored.Features.AutomaticBotReply with
                {
                    ChatSystemPrompt = Input.Persona ?? "",
                    ReplyMode = Input.ReplyMode,
                    TakeoverPauseMinutes = Input.TakeoverPauseMinutes ?? 0,
                    DraftExpiryMinutes = Input.DraftExpiryMinutes ?? 0,
                },
            },
        };
    }

    private void Show()
    {
        var userId = UserId;
        var storedKey = Configuration.Configurations.LlmProviderConfig.ProviderConfig.ApiKey;
        StoredKeyMask = string.IsNullOrWhiteSpace(storedKey) ? null : keys.Mask(userId, storedKey);
        Preview = SystemPrompt.For(Input.Persona ?? "", userId);
        HasLiveSession = sessions.Get(userId) is not null;
        // The typed key never goes back into the page, whatever happened (the view writes no value either).
        Input.ApiKey = null;
    }
}
