namespace AkkaBackup.Core.Alerts;

/// <summary>
/// A channel could not deliver an alert. The message is safe to log: secrets are redacted, and the
/// original exception is deliberately not kept as InnerException because its text may hold them.
/// </summary>
public sealed class AlertDeliveryException(string message) : Exception(message);
