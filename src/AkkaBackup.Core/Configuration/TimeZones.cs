namespace AkkaBackup.Core.Configuration;

/// <summary>Time zones by IANA id (<c>Europe/Berlin</c>, <c>UTC</c>), as the operating system's tz database knows them.</summary>
public static class TimeZones
{
    public static TimeZoneInfo Require(string? id, string setting)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ConfigurationException($"{setting} is empty: name a time zone such as UTC or Europe/Berlin");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConfigurationException($"{setting} = '{id}' is not a time zone this machine knows; use an IANA id such as UTC or Europe/Berlin");
        }
    }
}
