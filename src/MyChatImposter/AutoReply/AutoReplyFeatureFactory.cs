using Microsoft.Extensions.AI;

namespace MyChatImposter.AutoReply;

// Starts auto-reply with a session whose configuration enables it (spec/04 §1): its chat client is built
// from llm_provider_config, so a setting the client cannot work with fails the link with the field named.
// Whitelists, persona and limits are those of the configuration the session started with.
public sealed class AutoReplyFeatureFactory(
    IServiceProvider services, IConversationContextStore contexts, TimeProvider time,
    IOptions<AutoReplyOptions> options, OwnerDesk owner, LiveAutoReplies live, ILoggerFactory loggers) : IMessageFeatureFactory
{
    public IEnumerable<IMessageFeature> CreateFor(ChatSessionContext session)
    {
        var configuration = session.Configuration;
        if (!configuration.Features.AutomaticBotReply.Enabled)
        {
            return [];
        }
        // Looked up here, not injected: the host starts without an LLM client or a delivery queue, and only a
        // session that needs them is refused, with a clear reason instead of a host that does not start.
        var llm = services.GetService<ILlmClientFactory>()
            ?? throw new FeatureStartException("Automatic bot reply needs an LLM client, and this host has none.");
        var delivery = services.GetService<IDeliveryQueue>()
            ?? throw new FeatureStartException("Automatic bot reply needs the delivery queue, and this host has none.");
        IChatClient client;
        try
        {
            client = llm.Create(session.UserId, configuration.Configurations.LlmProviderConfig);
        }
        catch (LlmConfigurationException invalid)
        {
            throw new FeatureStartException(invalid.Message, invalid.Field, invalid);
        }
        var feature = new AutoReplyFeature(session.UserId, configuration, client, delivery, contexts, session.DeadLetters, time, options.Value,
            owner, live, loggers.CreateLogger<AutoReplyFeature>());
        live.Started(session.UserId, feature);
        return [feature];
    }
}
