using System.Diagnostics;
using AkkaBackup.Core.Processes;

namespace AkkaBackup.Core.Tests.Processes;

public sealed class ProcessRunnerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("akkabackup-process-runner-").FullName;

    [Fact]
    public async Task The_exit_code_and_both_output_streams_come_back()
    {
        var result = await ProcessRunner.RunAsync(Shell("echo to-stdout; echo to-stderr >&2; exit 7"));

        Assert.Equal(7, result.ExitCode);
        Assert.Contains("to-stdout\n", result.Output);
        Assert.Contains("to-stderr\n", result.Output);
        Assert.StartsWith("exited with code 7: ", result.Failure);
    }

    [Fact]
    public async Task A_silent_program_is_quoted_as_having_no_output()
    {
        var result = await ProcessRunner.RunAsync(new ProcessCommand("true", []));

        Assert.Equal((0, ""), (result.ExitCode, result.Output));
        Assert.Equal("exited with code 0: (no output)", result.Failure);
    }

    [Fact]
    public async Task Arguments_and_environment_reach_the_program_as_they_are()
    {
        var odd = "a \"quoted\" $HOME `x` 'y' \\ z";
        var command = new ProcessCommand("/bin/sh", ["-c", "printf '%s|%s' \"$1\" \"$AKKABACKUP_TEST\"", "sh", odd])
        {
            Environment = new Dictionary<string, string> { ["AKKABACKUP_TEST"] = "from the environment" },
        };

        var result = await ProcessRunner.RunAsync(command);

        Assert.Equal($"{odd}|from the environment\n", result.Output);
    }

    [Fact]
    public async Task Standard_input_is_empty_so_a_program_reading_it_does_not_hang()
    {
        var result = await ProcessRunner.RunAsync(new ProcessCommand("cat", []) { Timeout = Patience });

        Assert.Equal((0, ""), (result.ExitCode, result.Output));
    }

    [Fact]
    public async Task A_missing_program_is_named_in_the_error()
    {
        var missing = Path.Combine(_dir, "no-such-program");

        var error = await Assert.ThrowsAsync<ProcessStartException>(() => ProcessRunner.RunAsync(new ProcessCommand(missing, ["--help"])));

        Assert.StartsWith($"cannot run '{missing}': ", error.Message);
        Assert.DoesNotContain("inner exception", error.Message);
    }

    [Fact]
    public async Task At_its_timeout_a_sleep_and_its_children_are_killed()
    {
        var clock = Stopwatch.StartNew();
        var command = Shell("sleep 300 & echo $! > \"$0/child.tmp\" && mv \"$0/child.tmp\" \"$0/child\"; echo started; exec sleep 301") with { Timeout = TimeSpan.FromSeconds(3) };

        var error = await Assert.ThrowsAsync<ProcessTimeoutException>(() => ProcessRunner.RunAsync(command));

        Assert.True(clock.Elapsed < Patience, $"the runner returned after {clock.Elapsed}");
        Assert.Equal($"'{command}' did not finish within 3 s and was killed", error.Message);
        Assert.Equal("started\n", error.Output);
        await AssertGoneAsync(int.Parse(File.ReadAllText(Path.Combine(_dir, "child")).Trim()));
    }

    [Fact]
    public async Task Cancelling_kills_the_program_and_surfaces_as_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        var running = ProcessRunner.RunAsync(Shell("echo $$ > \"$0/pid.tmp\" && mv \"$0/pid.tmp\" \"$0/pid\" && exec sleep 300") with { Timeout = Patience }, cancel.Token);
        var pid = await PidAsync("pid");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await AssertGoneAsync(pid);
    }

    [Fact]
    public async Task A_daemon_that_escaped_the_tree_and_keeps_the_output_open_does_not_hold_the_runner()
    {
        var clock = Stopwatch.StartNew();

        // The subshell exits at once, so its sleep belongs to no one in the tree but still holds stdout.
        var command = Shell("(sleep 20 & echo $! > \"$0/daemon\"); exec sleep 300") with { Timeout = TimeSpan.FromSeconds(1) };

        await Assert.ThrowsAsync<ProcessTimeoutException>(() => ProcessRunner.RunAsync(command));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the runner returned after {clock.Elapsed}");
        KillIfAlive(int.Parse(File.ReadAllText(Path.Combine(_dir, "daemon")).Trim()));
    }

    [Fact]
    public async Task The_first_lines_are_kept_up_to_the_limit()
    {
        var result = await ProcessRunner.RunAsync(Shell("for i in $(seq 1 1000); do echo line-$i; done") with { Output = OutputLimit.First(20) });

        Assert.Equal("line-1\nline-2\nline-3\n", result.Output);
    }

    [Fact]
    public async Task The_last_characters_are_kept_up_to_the_limit()
    {
        var result = await ProcessRunner.RunAsync(Shell("for i in $(seq 1 1000); do echo line-$i; done") with { Output = OutputLimit.Last(21) });

        Assert.Equal("8\nline-999\nline-1000\n", result.Output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>sh -c SCRIPT with the test's folder as $0.</summary>
    private ProcessCommand Shell(string script) => new("/bin/sh", ["-c", script, _dir]);

    private async Task<int> PidAsync(string file)
    {
        var path = Path.Combine(_dir, file);
        using var patience = new CancellationTokenSource(Patience);
        while (!File.Exists(path))
        {
            await Task.Delay(20, patience.Token);
        }

        return int.Parse(File.ReadAllText(path).Trim());
    }

    /// <summary>Gone or a zombie: a killed orphan may wait for a reaper that a container does not have.</summary>
    private static async Task AssertGoneAsync(int pid)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (Alive(pid))
        {
            await Task.Delay(20, patience.Token);
        }

        Assert.False(Alive(pid), $"process {pid} is still running");
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void KillIfAlive(int pid)
    {
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
