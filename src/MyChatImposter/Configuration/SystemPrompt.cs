namespace MyChatImposter.Configuration;

// The system prompt a bot answers with: chat_system_prompt with {user_id} replaced by the user id and
// nothing else interpreted (spec/04 §3). The original ran the text through a template engine, so any other
// brace broke it; here "{name}" or "{ }" stay as typed.
public static class SystemPrompt
{
    public const string UserIdPlaceholder = "{user_id}";

    public static string For(string persona, string userId) => persona.Replace(UserIdPlaceholder, userId, StringComparison.Ordinal);
}
