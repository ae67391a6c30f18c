using AkkaBackup.Core.Alerts;
using AkkaBackup.Core.Alerts.Channels;

namespace AkkaBackup.Core.Tests.Alerts;

public sealed class CommandChannelTests : IDisposable
{
    private static readonly string[] Fields = ["SEVERITY", "KIND", "NODE", "INSTANCE", "TITLE", "BODY", "TIME", "KEY", "SUPPRESSED", "HEADLINE", "TEXT"];

    private readonly string _dir = Directory.CreateTempSubdirectory("akkabackup-alert-command-").FullName;

    [Fact]
    public async Task The_command_gets_every_field_in_its_environment_and_shell_characters_stay_literal()
    {
        var pwned = Path.Combine(_dir, "pwned");
        var title = $"disk \"full\" $(touch {pwned}) `touch {pwned}`; touch {pwned} 'q'";
        var alert = AlertSamples.ServerDown() with { Title = title, SuppressedRepeats = 3 };

        // printenv, not echo: it prints the value as it is, without the shell expanding anything in it.
        await Shell($"for f in {string.Join(' ', Fields)}; do printenv \"AKKABACKUP_ALERT_$f\" > \"$0/$f\"; done").DeliverAsync(alert, CancellationToken.None);

        Assert.Equal(title, Field("TITLE"));
        Assert.False(File.Exists(pwned), "a shell evaluated the title");
        Assert.Equal(AlertSamples.RecoverySteps, Field("BODY"));
        Assert.Equal("Critical", Field("SEVERITY"));
        Assert.Equal("ServerNotRestarted", Field("KIND"));
        Assert.Equal("db-host-1", Field("NODE"));
        Assert.Equal("main", Field("INSTANCE"));
        Assert.Equal("2026-11-25T14:36:50Z", Field("TIME"));
        Assert.Equal("ServerNotRestarted|db-host-1|main", Field("KEY"));
        Assert.Equal("3", Field("SUPPRESSED"));
        Assert.Equal($"[CRITICAL] {title} (3 repeats held back)", Field("HEADLINE"));
        Assert.EndsWith("\n\n" + AlertSamples.RecoverySteps + "\n", Field("TEXT"));
    }

    [Fact]
    public async Task A_non_zero_exit_fails_the_delivery_and_quotes_the_end_of_the_output()
    {
        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() =>
            Shell("echo sending; echo 'mailx: relay refused us' >&2; exit 3").DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None));

        // stdout and stderr are separate pipes, so their lines may interleave either way.
        Assert.StartsWith("command /bin/sh: exited with code 3: ", error.Message);
        Assert.Contains("sending\n", error.Message + "\n");
        Assert.Contains("mailx: relay refused us\n", error.Message + "\n");
    }

    [Fact]
    public async Task A_command_that_cannot_be_started_fails_the_delivery()
    {
        var missing = Path.Combine(_dir, "no-such-hook");
        var channel = new CommandChannel(new CommandChannelSettings(missing, [], AlertSeverity.Info));

        var error = await Assert.ThrowsAsync<AlertDeliveryException>(() => channel.DeliverAsync(AlertSamples.ServerDown(), CancellationToken.None));

        Assert.StartsWith($"command {missing}: ", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_delivery_kills_a_command_that_does_not_finish()
    {
        var pidFile = Path.Combine(_dir, "pid");
        using var cancel = new CancellationTokenSource();
        var delivery = Shell("echo $$ > \"$0/pid.tmp\" && mv \"$0/pid.tmp\" \"$0/pid\" && exec sleep 300").DeliverAsync(AlertSamples.ServerDown(), cancel.Token);
        using (var patience = new CancellationTokenSource(AlertSamples.Patience))
        {
            while (!File.Exists(pidFile))
            {
                await Task.Delay(20, patience.Token);
            }
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);
        Assert.False(Directory.Exists($"/proc/{File.ReadAllText(pidFile).Trim()}"), "the command is still running");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>sh -c SCRIPT with the test's folder as $0: the script is ours, the alert only reaches it as environment.</summary>
    private CommandChannel Shell(string script) =>
        new(new CommandChannelSettings("/bin/sh", ["-c", script, _dir], AlertSeverity.Info));

    /// <summary>printenv ends the value with one newline of its own.</summary>
    private string Field(string name) => File.ReadAllText(Path.Combine(_dir, name))[..^1];
}
