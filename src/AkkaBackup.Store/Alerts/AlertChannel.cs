using AkkaBackup.Core.Alerts;
using AkkaBackup.Store.Secrets;

namespace AkkaBackup.Store.Alerts;

/// <summary>Where alerts go. Settings are a JSON object whose shape the channel type defines.</summary>
/// <param name="Type">The channel type the alert dispatcher knows, e.g. <c>email</c> or <c>webhook</c>.</param>
/// <param name="Settings">
/// A JSON object, kept as a <see cref="Secret"/> and encrypted at rest because it tends to hold SMTP
/// passwords and webhook tokens.
/// </param>
/// <param name="MinSeverity">Alerts below this severity are not sent to the channel.</param>
public sealed record AlertChannel(string Name, string Type, Secret Settings, AlertSeverity MinSeverity);
