using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Naming;

/// <summary>The time zone <c>{timestamp:…}</c> is written in and retention tiers count days in.</summary>
public static class NamingTimeZone
{
    /// <summary>Empty or "UTC" is UTC; anything else must be a time zone id this machine knows (e.g. Europe/Berlin).</summary>
    public static TimeZoneInfo Resolve(string? id, string setting)
    {
        if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConfigurationException($"{setting} = '{id}' is not a time zone this machine knows; use an IANA id such as Europe/Berlin, or UTC");
        }
    }
}
