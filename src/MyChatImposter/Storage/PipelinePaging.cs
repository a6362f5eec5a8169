namespace MyChatImposter.Storage;

// The page sizes the pipeline's stores accept, on both backends. A limit outside them is the caller's
// mistake, so it is refused rather than clamped.
internal static class PipelinePaging
{
    public const int MaxArchivePage = 1000;
    public const int MaxDeadLetterPage = 500;
    public const int MaxPeriodPage = 1000;

    public static void CheckArchiveLimit(int limit) => Check(limit, MaxArchivePage);

    public static void CheckDeadLetterLimit(int limit) => Check(limit, MaxDeadLetterPage);

    public static void CheckPeriodLimit(int limit) => Check(limit, MaxPeriodPage);

    private static void Check(int limit, int max) => PageLimit.Check(limit, max);
}
