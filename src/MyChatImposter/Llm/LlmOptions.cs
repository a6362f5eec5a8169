namespace MyChatImposter.Llm;

// Host options under "Llm": where calls may go, how long one call may take, how transient failures are
// retried, and how long recorded interactions are kept. The defaults suit OpenAI; a slow local model may
// want a longer Timeout.
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    // The operator's endpoint: the only one the host's OPENAI_API_KEY is ever sent to, and where a bot
    // without a base_url of its own goes (LlmEndpoint).
    [Required]
    public Uri DefaultBaseUrl { get; set; } = new("https://api.openai.com/v1");

    // Lets a bot's base_url lead to loopback, private, link-local and similar addresses (AddressClassifier).
    // Off by default: otherwise any user could make the host call its own admin ports, the cloud's metadata
    // service or the rest of the private network. An operator whose users run a local model (Ollama on
    // localhost) turns it on.
    public bool AllowPrivateBaseUrls { get; set; }

    // One attempt; a reasoning model answering a long history can take tens of seconds.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    // Attempts per call, the first included: 3 means up to two retries.
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    // The wait before the first retry; it doubles for each further one, with jitter (a half to the whole of
    // it) so that many bots hit by one outage do not retry in step. Zero retries at once.
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    // The longest wait between attempts, the server's Retry-After included: a server that asks for more
    // is not retried, so a call never hangs on a rate limit for minutes.
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    // How long recorded prompts and answers (record_llm_interactions) are kept.
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan InteractionRetention { get; set; } = TimeSpan.FromDays(30);
}
