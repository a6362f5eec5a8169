namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoWebhookSubscriptionStoreTests() : WebhookSubscriptionStoreContract(new MongoTestDatabase());
