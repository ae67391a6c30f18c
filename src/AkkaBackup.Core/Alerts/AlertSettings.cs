using AkkaBackup.Core.Alerts.Delivery;

namespace AkkaBackup.Core.Alerts;

/// <summary>Everything a node needs to send alerts: where to, and how hard to try.</summary>
public sealed record AlertSettings(IReadOnlyList<AlertChannelSettings> Channels, AlertDeliveryPolicy Delivery);
