namespace AkkaBackup.Core.Processes;

/// <summary>
/// A program for <see cref="ProcessRunner"/> to run. The arguments reach it as they are, never through a
/// shell: only a command that names <c>/bin/sh -c</c> itself gets shell syntax.
/// </summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set for the program, on top of this process's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>When it is up, the whole process tree is killed; null leaves that to the caller's token.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How much of the program's output (stdout and stderr, line by line as they come) is kept.</summary>
    public OutputLimit Output { get; init; } = OutputLimit.All;

    /// <summary>The program and its arguments separated by spaces, as messages quote it.</summary>
    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
