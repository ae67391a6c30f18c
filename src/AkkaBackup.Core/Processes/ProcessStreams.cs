namespace AkkaBackup.Core.Processes;

/// <summary>
/// What <see cref="ProcessRunner.RunStreamingAsync"/> connects to a program that moves data through its pipes:
/// a writer for its standard input (closed when the writer returns), a reader of its standard output, and a
/// receiver of each line of its standard error. Any of them may be null: no input (closed at once), output and
/// error lines kept as text within <see cref="ProcessCommand.Output"/>.
/// </summary>
public sealed record ProcessStreams(
    Func<Stream, CancellationToken, Task>? WriteInput = null,
    Func<Stream, CancellationToken, Task>? ReadOutput = null,
    Action<string>? ErrorLine = null);
