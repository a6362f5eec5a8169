namespace MyChatImposter.Configuration;

internal static class IanaTimeZone
{
    // The zone's IANA id as the time-zone database spells it ("Europe/London" for "europe/london" on hosts
    // that find it anyway), or null when the name is not an IANA zone. Windows ids ("Pacific Standard
    // Time") are refused even though .NET on Linux would translate them: schedules and the UI speak IANA,
    // and a stored id must mean the same zone on every host.
    public static string? CanonicalId(string id)
    {
        var plausible = id.Length is > 0 and <= ConfigurationLimits.TimezoneMaxLength
            && id.All(character => char.IsAsciiLetterOrDigit(character) || character is '/' or '_' or '-' or '+');
        return plausible && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId
            ? zone.Id
            : null;
    }
}
