using AkkaBackup.Core.Scheduling;
using AkkaBackup.Store.Alerts;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Targets;
using AlertSeverity = AkkaBackup.Core.Alerts.AlertSeverity;

namespace AkkaBackup.Store.Tests.Support;

/// <summary>Valid entries that tests change one value of.</summary>
public static class Samples
{
    public static MySqlInstance Instance(string name = "db1") => new(
        name,
        "server-1",
        "127.0.0.1",
        3306,
        "backup",
        "/var/lib/mysql",
        ServiceKind.Systemd,
        "mariadb",
        "",
        "",
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromSeconds(10));

    public static BackupTarget Target(string name = "backup01") => new(
        name,
        "backup01.example.org",
        4053,
        BackupTarget.DefaultSystemName,
        "backup01",
        "",
        BackupTarget.DefaultNamingPattern,
        BackupTarget.DefaultDateFormat,
        BackupTarget.DefaultTimeZone,
        TimeSpan.FromSeconds(15),
        TimeSpan.FromMinutes(30));

    public static AlertChannel Channel(string name = "ops") =>
        new(name, "webhook", new Secret("""{"url":"https://hooks.example.org/x"}"""), AlertSeverity.Warning);

    public static BackupSchedule Schedule(string name = "nightly", string instance = "db1") =>
        new(name, instance, "0 2 * * *", "Europe/Berlin", MisfirePolicy.RunOnce, Enabled: true);
}
