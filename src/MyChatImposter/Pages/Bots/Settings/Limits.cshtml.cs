namespace MyChatImposter.Pages.Bots.Settings;

public sealed class LimitsModel(ChatSessions sessions, SettingsSaver saver)
    : SettingsPageModel<LimitsForm>(sessions, saver)
{
    public override string Section => SettingsNav.Limits;

    public static IReadOnlyList<string> QueueFields { get; } =
    [
        nameof(LimitsForm.QueueMaxMessages), nameof(LimitsForm.QueueMaxCharacters), nameof(LimitsForm.QueueMaxDays),
        nameof(LimitsForm.QueueMaxCharactersSingleMessage),
    ];

    public static IReadOnlyList<string> ContextFields { get; } =
    [
        nameof(LimitsForm.ContextMaxMessages), nameof(LimitsForm.ContextMaxCharacters), nameof(LimitsForm.ContextMaxDays),
        nameof(LimitsForm.ContextMaxCharactersSingleMessage),
    ];
}
