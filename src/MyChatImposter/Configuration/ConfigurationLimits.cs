namespace MyChatImposter.Configuration;

// The bounds a configuration document must respect. They are used as attribute arguments on the records,
// so validation (ConfigurationValidator) and the published schema (ConfigurationSchema) read the same
// numbers. Lower bounds come from spec/01; upper bounds exist so that one stored document cannot make the
// service hold absurd amounts of memory, schedule unbounded work, or overflow an int.
internal static class ConfigurationLimits
{
    // Same rule as login names (spec/07): the id appears in URLs, job ids, bridge key prefixes and paths.
    public const string UserIdPattern = "^[a-zA-Z0-9_-]+$";
    public const int UserIdMaxLength = 64;

    // ISO 639-1 two-letter code, optionally followed by a BCP-47 region ("pt-BR") or script ("zh-Hant").
    // Digest prompts and card labels only need the language; the subtag is tolerated because browsers
    // report tags in that form.
    public const string LanguageCodePattern = "^[a-z]{2}(-([A-Z]{2}|[A-Z][a-z]{3}))?$";

    // Longest IANA name today is 32 characters ("America/Argentina/ComodRivadavia").
    public const int TimezoneMaxLength = 64;

    // Queue: 0 made every message throw in the original (spec/14 #35).
    public const int MinQueueMessages = 1;
    // Context: the history keeps max_messages - 2 entries, so anything below 3 means "never any history".
    public const int MinContextMessages = 3;
    // Per correspondent queue, and the number of history entries sent with every LLM call; beyond a
    // thousand the prompt is larger than any model accepts.
    public const int MaxMessages = 1_000;

    // About 2 MB of UTF-16 per queue or history, and more than any model's context window (~250k tokens).
    public const int MaxCharacters = 1_000_000;

    // WhatsApp itself rejects texts longer than 65 536 characters, so a higher cap would never cut anything.
    // Deliberately not required to be <= max_characters: the queue always accepts the newest message even
    // when it alone exceeds max_characters (spec/02 §4), and the original's own example document uses
    // max_characters 100 with max_characters_single_message 300.
    public const int MaxCharactersSingleMessage = 65_536;

    // Ten years. max_days is turned into seconds (x 86 400), which must stay far from int.MaxValue
    // (overflow starts at 24 855 days).
    public const int MaxDays = 3_650;

    // OpenAI accepts 0..2; the fake provider ignores it.
    public const double MinTemperature = 0.0;
    public const double MaxTemperature = 2.0;

    public const int NameMaxLength = 100;
    public const int ProviderNameMaxLength = 100;
    public const int ModelMaxLength = 200;
    // Real keys are under 200 characters; 500 leaves room for proxies' longer tokens.
    public const int ApiKeyMaxLength = 500;
    // A stored key is the Data Protection payload of a typed one (at most 500 characters) in base64url:
    // about 800 characters; the rest is headroom for a future payload format.
    public const int ProtectedApiKeyMaxLength = 2_000;
    public const int BaseUrlMaxLength = 2_000;
    // Sent with every LLM call; 20 000 characters is roughly 5 000 tokens of persona.
    public const int ChatSystemPromptMaxLength = 20_000;

    // Whitelist entries are JIDs or phone numbers (well under 100 characters).
    public const int WhitelistEntryMaxLength = 200;
    public const int WhitelistMaxEntries = 500;

    // A week: a longer pause is "until handed back" (0), which the owner can end at any time.
    public const int MaxTakeoverPauseMinutes = 10_080;

    // A week: a reply approved later than that answers a conversation long gone.
    public const int MaxDraftExpiryMinutes = 10_080;

    public const int GroupFieldMaxLength = 200;
    // Every tracked group is a scheduled job and one LLM extraction per run.
    public const int TrackedGroupsMaxCount = 100;
    public const int CronScheduleMaxLength = 100;

    // provider_config extras are forwarded to the bridge or the LLM client verbatim; they are settings,
    // not payloads, so 16 KB of JSON per object is plenty (the fake provider's canned answers included).
    public const int ExtraSettingsMaxBytes = 16 * 1024;
}
