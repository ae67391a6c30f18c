namespace AkkaBackup.Store.Alerts;

public enum AlertSeverity
{
    Info,
    Warning,
    Error,
    Critical,
}
