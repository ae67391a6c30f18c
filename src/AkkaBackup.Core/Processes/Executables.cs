namespace AkkaBackup.Core.Processes;

/// <summary>Where programs are looked for (the directories of PATH) and whether a file can be run.</summary>
public static class Executables
{
    public static IReadOnlyList<string> PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);

    public static bool IsExecutable(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
