using System.Diagnostics;
using System.Text;

namespace AkkaBackup.Core.Alerts.Channels;

/// <summary>
/// Runs the configured program with the alert in its environment. Exit code 0 is a delivery; any other
/// code is a failure that quotes the end of its output. Cancellation (the attempt's timeout) kills the
/// whole process tree, so a hung script cannot pile up.
/// </summary>
public sealed class CommandChannel : AlertChannel
{
    private const int OutputLimit = 4096;
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

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
        var info = new ProcessStartInfo(_settings.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _settings.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in AlertEnvironment.Variables(alert))
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();

        // Nothing to read: a command waiting on stdin would otherwise hang until its timeout.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);

            // Bounded: a daemon that escaped the tree may keep the output pipes open for ever.
            process.WaitForExit(KillGrace);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new AlertDeliveryException($"exited with code {process.ExitCode}: {Tail(output)}");
        }
    }

    /// <summary>Keeps the last lines, bounded: the end of a failing script's output says why it failed.</summary>
    private static void Keep(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
            if (output.Length > OutputLimit)
            {
                output.Remove(0, output.Length - OutputLimit);
            }
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString().Trim();
            return text.Length == 0 ? "(no output)" : text;
        }
    }
}
