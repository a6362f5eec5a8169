using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;
using MyChatImposter.GroupTracking;
using MyChatImposter.Llm;
using MyChatImposter.OwnerControl;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage.Mongo;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage;

public sealed class PipelineStoresRegistrationTests
{
    [Theory]
    [InlineData(typeof(IMessageArchive), typeof(SqliteMessageArchive), typeof(MongoMessageArchive))]
    [InlineData(typeof(IDeadLetterStore), typeof(SqliteDeadLetterStore), typeof(MongoDeadLetterStore))]
    [InlineData(typeof(IChatSessionStore), typeof(SqliteChatSessionStore), typeof(MongoChatSessionStore))]
    [InlineData(typeof(ILlmInteractionStore), typeof(SqliteLlmInteractionStore), typeof(MongoLlmInteractionStore))]
    [InlineData(typeof(IConversationContextStore), typeof(SqliteConversationContextStore), typeof(MongoConversationContextStore))]
    [InlineData(typeof(ITrackedPeriodStore), typeof(SqliteTrackedPeriodStore), typeof(MongoTrackedPeriodStore))]
    [InlineData(typeof(IDraftStore), typeof(SqliteDraftStore), typeof(MongoDraftStore))]
    [InlineData(typeof(ITakeoverStore), typeof(SqliteTakeoverStore), typeof(MongoTakeoverStore))]
    [InlineData(typeof(IReplyHistoryStore), typeof(SqliteReplyHistoryStore), typeof(MongoReplyHistoryStore))]
    public void The_configured_provider_decides_the_store(Type store, Type sqlite, Type mongo)
    {
        using var sqliteServices = StorageTestHost.Build([new("Storage:Provider", "Sqlite")]);
        // Building the MongoDB client does not connect; nothing is reached here.
        using var mongoServices = StorageTestHost.Build([new("MONGODB_URL", "mongodb://127.0.0.1:1")]);

        Assert.IsType(sqlite, sqliteServices.GetRequiredService(store));
        Assert.IsType(mongo, mongoServices.GetRequiredService(store));
        Assert.Same(sqliteServices.GetRequiredService(store), sqliteServices.GetRequiredService(store));
    }
}
