using AkkaBackup.Core.Processes;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// Runs the configured program with the alert in its environment. Exit code 0 is a delivery; any other
/// code is a failure that quotes the end of its output. Cancellation (the attempt's timeout) kills the
/// whole process tree, so a hung script cannot pile up.
/// </summary>
public sealed class CommandChannel : AlertChannel
{
    private const int OutputCharacters = 4096;

    private readonly CommandChannelSettings _settings;

    public CommandChannel(CommandChannelSettings settings)
        : base(settings.MinimumSeverity, settings.Timeout)
    {
        settings.Validate();
        _settings = settings;
    }

    public override string Name => $"command {_settings.FileName}";

    protected override IEnumerable<string> Secrets => [];

    protected override async Task SendAsync(Alert alert, CancellationToken ct)
    {
        var command = new ProcessCommand(_settings.FileName, _settings.Arguments)
        {
            Environment = AlertEnvironment.Variables(alert),

            // The end of a failing script's output says why it failed.
            Output = OutputLimit.Last(OutputCharacters),
        };

        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(command, ct);
        }
        catch (ProcessStartException e)
        {
            throw new AlertDeliveryException(e.Message);
        }

        if (result.ExitCode != 0)
        {
            throw new AlertDeliveryException(result.Failure);
        }
    }
}
