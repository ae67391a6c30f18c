namespace AkkaBackup.Core.Scheduling;

/// <summary>A cron schedule that starts backups of one instance: what an operator sets.</summary>
/// <param name="Cron">Five fields (minute hour day month weekday) or six with seconds first.</param>
/// <param name="TimeZone">IANA id the expression is read in, e.g. <c>Europe/Berlin</c>.</param>
public sealed record BackupSchedule(
    string Name,
    string Instance,
    string Cron,
    string TimeZone,
    MisfirePolicy Misfire,
    bool Enabled);
