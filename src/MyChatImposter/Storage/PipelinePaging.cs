namespace MyChatImposter.Storage;

// The page sizes the pipeline's stores accept, on both backends, checked by PageLimit like every store's.
internal static class PipelinePaging
{
    public const int MaxArchivePage = 1000;
    public const int MaxDeadLetterPage = 500;
    public const int MaxPeriodPage = 1000;

    public static void CheckArchiveLimit(int limit) => PageLimit.Check(limit, MaxArchivePage);

    public static void CheckDeadLetterLimit(int limit) => PageLimit.Check(limit, MaxDeadLetterPage);

    public static void CheckPeriodLimit(int limit) => PageLimit.Check(limit, MaxPeriodPage);
}
