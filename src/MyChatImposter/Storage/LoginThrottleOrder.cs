namespace MyChatImposter.Storage;

// The order both stores list locks in, for the accounts page: by user id, then key, both ordinal.
internal static class LoginThrottleOrder
{
    public static List<LoginThrottleRecord> Sort(List<LoginThrottleRecord> records)
    {
        records.Sort((a, b) =>
        {
            var byUser = string.CompareOrdinal(a.UserId, b.UserId);
            return byUser != 0 ? byUser : string.CompareOrdinal(a.Key, b.Key);
        });
        return records;
    }
}
