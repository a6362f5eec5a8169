namespace MyChatImposter.Configuration;

// How the bot answers a conversation (features.automatic_bot_reply.reply_mode, and per whitelist entry in
// reply_modes): auto sends its replies (the behaviour before modes existed, so a document without them means
// auto); approve makes each reply a draft the owner approves, replaces or rejects; monitor drafts and never
// sends, to try the bot on real traffic; off does not answer.
[JsonConverter(typeof(StrictEnumConverter<ReplyMode>))]
public enum ReplyMode
{
    [JsonStringEnumMemberName("auto")] Auto,
    [JsonStringEnumMemberName("approve")] Approve,
    [JsonStringEnumMemberName("monitor")] Monitor,
    [JsonStringEnumMemberName("off")] Off,
}
