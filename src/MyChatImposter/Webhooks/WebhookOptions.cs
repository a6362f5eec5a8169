namespace MyChatImposter.Webhooks;

// The "Webhooks" section. AllowPrivateUrls lets webhook URLs reach loopback, private and link-local
// addresses (a receiver on the operator's own network); off by default, like Llm:AllowPrivateBaseUrls.
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public bool AllowPrivateUrls { get; set; }

    [Range(1, 100)]
    public int MaxSubscriptionsPerBot { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 64)]
    public int MaxConcurrentSends { get; set; } = 4;

    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
