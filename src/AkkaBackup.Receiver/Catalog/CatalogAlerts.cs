using AkkaBackup.Core.Alerts;

namespace AkkaBackup.Receiver.Catalog;

/// <summary>The alert for a fleet catalog the receiver cannot open or write: the history has a gap, the backups do not.</summary>
public static class CatalogAlerts
{
    public static Alert Unavailable(string node, string path, string error, DateTimeOffset now) => new(
        AlertSeverity.Critical, AlertKind.CatalogUnavailable, node, null,
        $"The fleet catalog of {node} cannot be written",
        $"{path}: {error}\nBackups are still received and stored; what the catalog did not take is held (up to catalog.max-pending rows) " +
        "and written once it can be. Its overdue alerts depend on it: check the file, its disk and its permissions.",
        now);
}
