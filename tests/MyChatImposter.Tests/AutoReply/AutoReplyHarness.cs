using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.OwnerControl;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage;
using MyChatImposter.Tests.Storage;

namespace MyChatImposter.Tests.AutoReply;

// One bot's auto-reply outside the host: the real feature over the real SQLite stores, a fake clock, the
// scripted LLM and the recording delivery queue. Messages are handed to it as the pipeline would.
public sealed class AutoReplyHarness : IAsyncDisposable
{
    public const string UserId = "ann";
    public const string Persona = "You are ann.";

    private readonly SqliteTestDatabase _database;
    private readonly ServiceProvider _services;
    private long _nextId;

    private AutoReplyHarness(SqliteTestDatabase database, ServiceProvider services, UserConfiguration configuration, AutoReplyOptions options)
    {
        _database = database;
        _services = services;
        Configuration = configuration;
        _options = options;
        Feature = NewFeature();
    }

    private readonly AutoReplyOptions _options;

    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public ScriptedChatClient Llm { get; } = new();

    public RecordingDeliveryQueue Delivery { get; } = new();

    public FakeLogger Logger { get; } = new();

    public UserConfiguration Configuration { get; }

    public AutoReplyFeature Feature { get; private set; }

    public IConversationContextStore Contexts => _services.GetRequiredService<IConversationContextStore>();

    public IDeadLetterStore DeadLetters => _services.GetRequiredService<IDeadLetterStore>();

    public IDraftStore Drafts => _services.GetRequiredService<IDraftStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Whitelisted: dana and bob (direct) and the group named Family. Quiet period 5 s, longest wait 60 s.
    public static UserConfiguration DefaultConfiguration { get; } = new()
    {
        UserId = UserId,
        Configurations = new ConfigurationsSettings
        {
            ChatProviderConfig = new ChatProviderConfig { ProviderName = "sandbox" },
            LlmProviderConfig = new LlmProviderConfig { ProviderName = "fakeLlm", ProviderConfig = new LlmProviderSettings { Model = "fake" } },
            ContextConfig = new ContextConfig { SharedContext = false },
        },
        Features = new FeaturesConfiguration
        {
            AutomaticBotReply = new AutomaticBotReplyConfig
            {
                Enabled = true,
                RespondToWhitelist = ["dana", "bob"],
                RespondToWhitelistGroup = ["Family"],
                ChatSystemPrompt = "You are {user_id}.",
            },
        },
    };

    public static async Task<AutoReplyHarness> StartAsync(UserConfiguration? configuration = null, AutoReplyOptions? options = null)
    {
        var database = new SqliteTestDatabase();
        var services = StorageTestHost.Build(database.StorageSettings());
        await services.InitializeStorageAsync(Ct);
        return new AutoReplyHarness(database, services, configuration ?? DefaultConfiguration,
            options ?? new AutoReplyOptions { QuietPeriod = TimeSpan.FromSeconds(5), MaxWait = TimeSpan.FromSeconds(60) });
    }

    // A new session of the same bot over the same database (after a reload or a restart); call once the
    // previous feature has been drained.
    public void Restart() => Feature = NewFeature();

    private AutoReplyFeature NewFeature()
    {
        // The session's recorder, as ChatSessions hands it to the feature through ChatSessionContext.
        var deadLetters = new DeadLetterRecorder(UserId, DeadLetters, new PipelineMetrics(_services.GetRequiredService<IMeterFactory>()), Time,
            new FakeLogger<DeadLetterRecorder>());
        var feature = new AutoReplyFeature(UserId, Configuration, Llm, Delivery, Contexts, deadLetters, Time, _options, Owner, Live, Logger);
        Live.Started(UserId, feature);
        return feature;
    }

    public LiveAutoReplies Live { get; } = new();

    // The owner's decisions over the same stores and the recording queue.
    public OwnerDesk Owner => _owner ??= new OwnerDesk(
        _services.GetRequiredService<IDraftStore>(), _services.GetRequiredService<ITakeoverStore>(),
        _services.GetRequiredService<IReplyHistoryStore>(), Delivery, Contexts, _services.GetRequiredService<IBotConfigurationStore>(),
        Live, Time, new FakeLogger<OwnerDesk>());

    private OwnerDesk? _owner;

    // A message as the pipeline hands it over, accepted now.
    public Task SendAsync(
        string correspondentId, string text, string? displayName = "Dana", ChatGroup? group = null, MessageSource source = MessageSource.User)
    {
        var id = Interlocked.Increment(ref _nextId);
        var sender = new ChatParty(correspondentId, displayName, displayName is null ? [correspondentId] : [correspondentId, displayName]);
        var message = new ArchivedMessage(UserId, "sandbox", group?.Id ?? correspondentId, id, $"wa-{id}", text, sender, source,
            Time.GetUtcNow(), null, group);
        return Feature.HandleAsync(new FeatureMessage(message, [message]), Ct);
    }

    public async Task<IReadOnlyList<string>> RememberedAsync(string contextKey) =>
        [.. (await Contexts.GetAsync(UserId, contextKey, Ct)).Select(entry => entry.Content)];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
