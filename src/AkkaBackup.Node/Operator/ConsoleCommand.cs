namespace AkkaBackup.Node.Operator;

/// <summary>One console command: its palette and name, its options, its help, and what it does.</summary>
/// <param name="Usage">The command line, e.g. <c>backup cancel &lt;run-id&gt;</c>.</param>
/// <param name="Options">Options that take a value (without <c>--</c>); <c>--json</c> and <c>--help</c> are always accepted.</param>
public sealed record ConsoleCommand(
    string Palette,
    string Name,
    string Usage,
    string Summary,
    IReadOnlyList<string> Options,
    IReadOnlyList<string> Flags,
    Func<ConsoleCall, Task<int>> Run)
{
    public string Path => $"{Palette} {Name}";
}
