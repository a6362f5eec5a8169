using Microsoft.Extensions.AI;

namespace MyChatImposter.AutoReply;

// The messages of one LLM call (spec/04 §3): the persona as the system message, the history in order, then
// the people's messages the turn answers, each as "<speaker>: <content>" (one when a single message waits,
// several when the turn folds a burst of messages together).
public static class ReplyPrompt
{
    // The same text the AI settings page previews: only {user_id} replaced, other braces kept as written.
    public static string Persona(string chatSystemPrompt, string userId) => SystemPrompt.For(chatSystemPrompt, userId);

    public static IReadOnlyList<ChatMessage> Build(string persona, IReadOnlyList<ContextEntry> history, IReadOnlyList<Utterance> unanswered)
    {
        var messages = new List<ChatMessage>(history.Count + unanswered.Count + 1);
        // A blank persona says nothing, and some OpenAI-compatible servers refuse an empty system message.
        if (!string.IsNullOrWhiteSpace(persona))
        {
            messages.Add(new ChatMessage(ChatRole.System, persona));
        }
        foreach (var entry in history)
        {
            // The bot's own lines go back as its turns, without the "Bot: " of the stored history: a model
            // shown itself answering "Bot: …" soon starts its replies with it, and they are sent in the user's name.
            messages.Add(entry.FromBot
                ? new ChatMessage(ChatRole.Assistant, entry.Content.StartsWith(ContextHistory.BotPrefix, StringComparison.Ordinal)
                    ? entry.Content[ContextHistory.BotPrefix.Length..]
                    : entry.Content)
                : new ChatMessage(ChatRole.User, entry.Content));
        }
        messages.AddRange(unanswered.Select(utterance => new ChatMessage(ChatRole.User, utterance.Line)));
        return messages;
    }

    // Who the bot is told wrote: the display name, or when WhatsApp gave none (the original then wrote
    // "None"), the sender's phone number, or failing that its identifier.
    public static string SpeakerName(ChatParty sender)
    {
        if (!string.IsNullOrWhiteSpace(sender.DisplayName))
        {
            return sender.DisplayName.Trim();
        }
        var phone = new[] { sender.Identifier }.Concat(sender.AlternateIdentifiers)
            .Select(PhoneNumber.IdentifierDigits).FirstOrDefault(digits => digits is not null);
        return phone is null ? sender.Identifier : $"+{phone}";
    }
}
