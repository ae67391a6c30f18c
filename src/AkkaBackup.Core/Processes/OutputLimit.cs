namespace AkkaBackup.Core.Processes;

/// <summary>How much of a program's output a run keeps, so a chatty or hostile program cannot fill the memory.</summary>
/// <param name="Characters">The bound, in characters.</param>
/// <param name="KeepEnd">
/// False: the first lines, taken whole while fewer than <paramref name="Characters"/> are kept (a long first
/// line is kept whole). True: the last <paramref name="Characters"/> exactly, where a failing script says why.
/// </param>
public sealed record OutputLimit(int Characters, bool KeepEnd)
{
    public static OutputLimit All { get; } = new(int.MaxValue, KeepEnd: false);

    public static OutputLimit First(int characters) => new(characters, KeepEnd: false);

    public static OutputLimit Last(int characters) => new(characters, KeepEnd: true);
}
