namespace MyChatImposter.Pages.Bots.Settings;

public enum RowAction
{
    Add,
    Pick,
    Remove,
    Up,
    Down,
}

// What a list editor's button asks, posted as "add:contacts" (Add another), "pick:contacts" (add the value
// chosen in the list's picker), "remove:contacts:2", "up:groups:1".
public sealed record RowEdit(RowAction Action, string List, int Index)
{
    public static RowEdit? Parse(string? text)
    {
        var parts = (text ?? "").Split(':');
        if (parts.Length is < 2 or > 3 || !Enum.TryParse<RowAction>(parts[0], ignoreCase: true, out var action)
            || !Enum.IsDefined(action))
        {
            return null;
        }
        var index = 0;
        if (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return null;
        }
        return new RowEdit(action, parts[1], index);
    }

    public static string Text(RowAction action, string list, int index = 0) =>
        action is RowAction.Add or RowAction.Pick ? $"{action.ToString().ToLowerInvariant()}:{list}" : $"{action.ToString().ToLowerInvariant()}:{list}:{index}";

    // Applies the edit to one list; false when the row does not exist. Pick puts the picked row in the first
    // of the trailing blank rows, and changes nothing when nothing was picked.
    public bool ApplyTo<T>(List<T> rows, Func<T, bool> isBlank, Func<T> blank, Func<T>? picked)
    {
        switch (Action)
        {
            case RowAction.Add:
                rows.Add(blank());
                return true;
            case RowAction.Pick when picked is null:
                return true;
            case RowAction.Pick:
                var firstTrailingBlank = rows.Count;
                while (firstTrailingBlank > 0 && isBlank(rows[firstTrailingBlank - 1]))
                {
                    firstTrailingBlank--;
                }
                if (firstTrailingBlank < rows.Count)
                {
                    rows[firstTrailingBlank] = picked();
                }
                else
                {
                    rows.Add(picked());
                }
                return true;
            case RowAction.Remove when Index < rows.Count:
                rows.RemoveAt(Index);
                return true;
            case RowAction.Up when Index > 0 && Index < rows.Count:
                (rows[Index - 1], rows[Index]) = (rows[Index], rows[Index - 1]);
                return true;
            case RowAction.Down when Index + 1 < rows.Count:
                (rows[Index + 1], rows[Index]) = (rows[Index], rows[Index + 1]);
                return true;
            default:
                return false;
        }
    }
}

public static class FilledRows
{
    // The row that became item `index` of the saved list (blank rows are dropped), or null.
    public static int? RowOf<T>(IReadOnlyList<T> rows, Func<T, bool> isBlank, int index)
    {
        var seen = 0;
        for (var row = 0; row < rows.Count; row++)
        {
            if (!isBlank(rows[row]) && seen++ == index)
            {
                return row;
            }
        }
        return null;
    }
}
