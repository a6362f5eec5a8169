namespace MyChatImposter.Pages.Bots.Settings;

// One settings section's form: read from the stored document, written back over it (every field the form
// does not show kept as stored), and where each document path's errors are shown on it.
public interface ISettingsForm<TSelf> where TSelf : ISettingsForm<TSelf>
{
    static abstract TSelf FromDocument(UserConfiguration configuration);

    UserConfiguration ApplyTo(UserConfiguration stored);

    // Field names relative to the form ("QueueMaxMessages", "Contacts[2].Entry").
    DocumentFields Fields(string prefix);
}

// A form with editable lists of rows: without script, Add another / Remove / Move are posts that change the
// rows and show the form again, saving nothing.
public interface IRowLists
{
    // False when the list or the row is not one of the form's. Picked: the value chosen in the list's picker
    // when the edit is its Add.
    bool Edit(RowEdit edit, string? picked);

    // Each list ends with a blank row to type into.
    void EndListsWithBlankRows();
}
