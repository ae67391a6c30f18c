using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// A program run once per alert, with the alert in environment variables (see <see cref="AlertEnvironment"/>).
/// <see cref="Arguments"/> are passed as they are, never through a shell; to use one, make it the program.
/// </summary>
public sealed record CommandChannelSettings(string FileName, IReadOnlyList<string> Arguments, AlertSeverity MinimumSeverity)
    : AlertChannelSettings(MinimumSeverity)
{
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FileName))
        {
            throw new ConfigurationException("alert command is empty");
        }
    }

    // Arguments may carry tokens (a curl header, an API key): the program's name is enough to tell commands apart.
    public override string ToString() => $"command {FileName} (min-severity {MinimumSeverity})";
}
