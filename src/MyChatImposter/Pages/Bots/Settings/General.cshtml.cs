namespace MyChatImposter.Pages.Bots.Settings;

public sealed class GeneralModel(IBotConfigurationStore store, ChatSessions sessions, SettingsSaver saver)
    : SettingsPageModel<GeneralForm>(store, sessions, saver)
{
    public override string Section => SettingsNav.General;
}
