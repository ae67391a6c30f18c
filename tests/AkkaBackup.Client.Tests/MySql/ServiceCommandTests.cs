using AkkaBackup.Client.MySql;

namespace AkkaBackup.Client.Tests.MySql;

/// <summary>The messages a run shows when a service command fails: each names the command and why.</summary>
public sealed class ServiceCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failing_stop_command_names_itself_its_exit_code_and_its_output()
    {
        var controller = new CommandServiceController("echo refusing to stop >&2; exit 3", "true");

        var error = await Assert.ThrowsAsync<ServiceControlException>(() => controller.StopAsync(Patience, CancellationToken.None));

        Assert.Equal("stop command: '/bin/sh -c echo refusing to stop >&2; exit 3' exited with code 3: refusing to stop", error.Message);
    }

    [Fact]
    public async Task A_hanging_start_command_is_killed_at_its_timeout()
    {
        var controller = new CommandServiceController("true", "sleep 600");

        var error = await Assert.ThrowsAsync<ServiceControlException>(() => controller.StartAsync(TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal("start command: '/bin/sh -c sleep 600' did not finish within 1 s and was killed", error.Message);
    }

    [Fact]
    public async Task A_command_that_succeeds_is_silent()
    {
        var controller = new CommandServiceController("echo stopping; exit 0", "true");

        Assert.Null(await Record.ExceptionAsync(() => controller.StopAsync(Patience, CancellationToken.None)));
    }

    [Fact]
    public async Task A_program_that_cannot_be_run_is_named()
    {
        var error = await Assert.ThrowsAsync<ServiceControlException>(() =>
            ServiceCommand.RunAsync("/nonexistent/systemctl", ["stop", "mariadb"], "systemctl stop mariadb", Patience, CancellationToken.None));

        Assert.StartsWith("systemctl stop mariadb: cannot run '/nonexistent/systemctl': ", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_run_is_cancellation_not_a_service_failure()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ServiceCommand.RunAsync("sleep", ["600"], "stop command", Patience, cancel.Token));
    }
}
