namespace MyChatImposter.Storage;

// A page limit outside 1..max is the caller's mistake, so it is refused rather than clamped.
internal static class PageLimit
{
    public static void Check(int limit, int max)
    {
        if (limit < 1 || limit > max)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {max}.");
        }
    }
}
