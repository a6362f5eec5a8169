namespace MyChatImposter.Pages.Bots.Settings;

public sealed class GeneralModel(ChatSessions sessions, SettingsSaver saver)
    : SettingsPageModel<GeneralForm>(sessions, saver)
{
    public override string Section => SettingsNav.General;
}
