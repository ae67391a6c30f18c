using System.ComponentModel;
using CliWrap;

namespace AkkaBackup.Core.Processes;

/// <summary>
/// Runs a program to its end and returns its exit code and output; the one place this code base starts
/// processes. Standard input is empty and closed at once unless a writer feeds it, so a program that reads it
/// does not hang. At the command's timeout or the caller's cancellation the whole process tree is killed.
/// </summary>
public static class ProcessRunner
{
    /// <exception cref="ProcessStartException">The program cannot be started.</exception>
    /// <exception cref="ProcessTimeoutException">The timeout was reached; the process tree was killed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the process tree was killed.</exception>
    public static Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct = default) =>
        RunStreamingAsync(command, new ProcessStreams(), ct);

    /// <summary>
    /// Runs a program whose pipes carry data (a backup stream in, an archive out). When the input writer or the
    /// output reader fails, the process tree is killed at once (a program blocked on a full pipe would otherwise
    /// never exit) and that failure is thrown, not the kill's. The result's output holds the lines that went to
    /// the text capture: standard error without an <see cref="ProcessStreams.ErrorLine"/> receiver, standard
    /// output without a reader.
    /// </summary>
    /// <exception cref="ProcessStartException">The program cannot be started.</exception>
    /// <exception cref="ProcessTimeoutException">The timeout was reached; the process tree was killed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the process tree was killed.</exception>
    public static async Task<ProcessResult> RunStreamingAsync(ProcessCommand command, ProcessStreams streams, CancellationToken ct = default)
    {
        var output = new CapturedOutput(command.Output);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Exception? pipeFailure = null;

        // A failing pipe handler records why and kills the program; CliWrap then reports a cancellation.
        Func<Stream, CancellationToken, Task> KillOnFailure(Func<Stream, CancellationToken, Task> handler) => async (stream, token) =>
        {
            try
            {
                await handler(stream, token);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref pipeFailure, e, null);
                await deadline.CancelAsync();
                throw;
            }
        };

        var program = CliWrap.Cli.Wrap(command.FileName)
            .WithArguments(command.Arguments)
            .WithEnvironmentVariables(variables => variables.Set(command.Environment.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))))
            .WithStandardInputPipe(streams.WriteInput is { } input ? PipeSource.Create(KillOnFailure(input)) : PipeSource.Null)
            .WithStandardOutputPipe(streams.ReadOutput is { } reader ? PipeTarget.Create(KillOnFailure(reader)) : PipeTarget.ToDelegate(output.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(streams.ErrorLine ?? output.Add))
            .WithValidation(CommandResultValidation.None);

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
        catch (Exception) when (Volatile.Read(ref pipeFailure) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && command.Timeout is { } limit)
        {
            throw new ProcessTimeoutException(command, limit, output.ToString());
        }
    }
}
