using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Alerts;

/// <summary>What every channel is configured with. Subclasses that hold secrets keep them out of ToString.</summary>
public abstract record AlertChannelSettings(AlertSeverity MinimumSeverity)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long one delivery attempt may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Throws <see cref="ConfigurationException"/> naming the bad setting (never a secret's value).</summary>
    public virtual void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"alert channel timeout = {Timeout} must be positive");
        }

        if (!Enum.IsDefined(MinimumSeverity))
        {
            throw new ConfigurationException($"alert channel min-severity = {MinimumSeverity} is not one of {string.Join(", ", Enum.GetNames<AlertSeverity>())}");
        }
    }
}
