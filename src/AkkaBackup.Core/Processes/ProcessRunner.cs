using System.ComponentModel;
using CliWrap;

namespace AkkaBackup.Core.Processes;

/// <summary>
/// Runs a program to its end and returns its exit code and output; the one place this code base starts
/// processes. Standard input is empty and closed at once, so a program that reads it does not hang. At the
/// command's timeout or the caller's cancellation the whole process tree is killed.
/// </summary>
public static class ProcessRunner
{
    /// <exception cref="ProcessStartException">The program cannot be started.</exception>
    /// <exception cref="ProcessTimeoutException">The timeout was reached; the process tree was killed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the process tree was killed.</exception>
    public static async Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct = default)
    {
        var output = new CapturedOutput(command.Output);
        var program = CliWrap.Cli.Wrap(command.FileName)
            .WithArguments(command.Arguments)
            .WithEnvironmentVariables(variables => variables.Set(command.Environment.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(output.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(output.Add))
            .WithValidation(CommandResultValidation.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (command.Timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        Task<CommandResult> running;
        try
        {
            // Cancelling the token kills the entire process tree.
            running = program.ExecuteAsync(deadline.Token);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            // CliWrap wraps the system's reason ("No such file or directory") in advice of its own.
            throw new ProcessStartException(command.FileName, e.InnerException ?? e);
        }

        try
        {
            var result = await running;
            return new ProcessResult(result.ExitCode, output.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && command.Timeout is { } limit)
        {
            throw new ProcessTimeoutException(command, limit, output.ToString());
        }
    }
}
