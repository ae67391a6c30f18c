namespace AkkaBackup.Core.Processes;

/// <summary>The program ran past its <see cref="ProcessCommand.Timeout"/> and its process tree was killed.</summary>
public sealed class ProcessTimeoutException(ProcessCommand command, TimeSpan timeout, string output)
    : TimeoutException($"'{command}' did not finish within {timeout.TotalSeconds:0} s and was killed")
{
    /// <summary>What the program had written before it was killed.</summary>
    public string Output { get; } = output;
}
