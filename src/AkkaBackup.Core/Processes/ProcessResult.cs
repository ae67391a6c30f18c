namespace AkkaBackup.Core.Processes;

/// <summary>How a program ended: its exit code and the output it kept (stdout and stderr, one line per <c>\n</c>).</summary>
public sealed record ProcessResult(int ExitCode, string Output)
{
    /// <summary>The output for a message: trimmed, or <c>(no output)</c>.</summary>
    public string QuotedOutput => Output.Trim() is { Length: > 0 } text ? text : "(no output)";

    /// <summary>Why a program that should have exited with 0 did not: <c>exited with code 3: &lt;output&gt;</c>.</summary>
    public string Failure => $"exited with code {ExitCode}: {QuotedOutput}";
}
