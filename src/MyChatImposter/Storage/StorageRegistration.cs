using Microsoft.Extensions.DependencyInjection.Extensions;
using MyChatImposter.Storage.Mongo;
using MyChatImposter.Storage.Sqlite;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Storage;

public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .PostConfigure(options => options.ApplyMongoDbUrl(configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddStartupOptionsCheck<StorageOptions>(StorageOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<SqliteStatements>();
        services.TryAddSingleton<MongoDatabaseContext>();
        services.TryAddSingleton<IStorageDatabase>(sp => Provider(sp) switch
        {
            StorageProvider.MongoDb => sp.GetRequiredService<MongoDatabaseContext>(),
            _ => sp.GetRequiredService<SqliteDatabase>(),
        });

        // One line per kind of record.
        services.AddStore<IBotConfigurationStore, SqliteBotConfigurationStore, MongoBotConfigurationStore>();
        services.AddStore<IAccountStore, SqliteAccountStore, MongoAccountStore>();
        services.AddStore<ILoginSessionStore, SqliteLoginSessionStore, MongoLoginSessionStore>();
        services.AddStore<ILoginThrottleStore, SqliteLoginThrottleStore, MongoLoginThrottleStore>();
        services.AddStore<IAuditLogStore, SqliteAuditLogStore, MongoAuditLogStore>();
        services.AddStore<IDataProtectionKeyStore, SqliteDataProtectionKeyStore, MongoDataProtectionKeyStore>();
        services.AddStore<IMessageArchive, SqliteMessageArchive, MongoMessageArchive>();
        services.AddStore<IDeadLetterStore, SqliteDeadLetterStore, MongoDeadLetterStore>();
        services.AddStore<IChatSessionStore, SqliteChatSessionStore, MongoChatSessionStore>();
        services.AddStore<IDeliveryStore, SqliteDeliveryStore, MongoDeliveryStore>();
        services.AddStore<ILlmInteractionStore, SqliteLlmInteractionStore, MongoLlmInteractionStore>();
        services.AddStore<IConversationContextStore, SqliteConversationContextStore, MongoConversationContextStore>();
        services.AddStore<ITrackedPeriodStore, SqliteTrackedPeriodStore, MongoTrackedPeriodStore>();
        services.AddStore<IDraftStore, SqliteDraftStore, MongoDraftStore>();
        services.AddStore<ITakeoverStore, SqliteTakeoverStore, MongoTakeoverStore>();
        services.AddStore<IReplyHistoryStore, SqliteReplyHistoryStore, MongoReplyHistoryStore>();
        services.AddStore<IBotActivityStore, SqliteBotActivityStore, MongoBotActivityStore>();
        services.AddStore<IApiTokenStore, SqliteApiTokenStore, MongoApiTokenStore>();
        services.AddStore<IWebhookSubscriptionStore, SqliteWebhookSubscriptionStore, MongoWebhookSubscriptionStore>();
        services.AddStore<IWebhookOutboxStore, SqliteWebhookOutboxStore, MongoWebhookOutboxStore>();

        services.AddReadinessCheck<StorageHealthCheck>("storage");
        return services;
    }

    // Call once before the host starts serving: fails with a clear message when the options are invalid,
    // the database is unreachable or the SQLite file is newer than this build. On MongoDB it then moves what
    // the original's delivery queue left into the current one, before any sender can run.
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await services.GetRequiredService<IStorageDatabase>().InitializeAsync(ct);
        if (Provider(services) == StorageProvider.MongoDb)
        {
            await ActivatorUtilities.CreateInstance<OriginalDeliveryQueueImport>(services).RunAsync(ct);
        }
    }

    private static void AddStore<TStore, TSqlite, TMongo>(this IServiceCollection services)
        where TStore : class
        where TSqlite : class, TStore
        where TMongo : class, TStore
    {
        services.TryAddSingleton<TStore>(sp => Provider(sp) switch
        {
            StorageProvider.MongoDb => ActivatorUtilities.CreateInstance<TMongo>(sp),
            _ => ActivatorUtilities.CreateInstance<TSqlite>(sp),
        });
    }

    private static StorageProvider Provider(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;
}
