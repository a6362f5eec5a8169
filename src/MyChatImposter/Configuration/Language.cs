namespace MyChatImposter.Configuration;

// One entry of the language picker: ISO 639-1 code, English name, and the name in the language itself.
public sealed record Language(string Code, string Name, string NativeName);
