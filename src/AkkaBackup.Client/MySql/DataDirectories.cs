namespace AkkaBackup.Client.MySql;

/// <summary>Compares the server's <c>@@datadir</c> with the configured data directory, symlinks resolved.</summary>
public static class DataDirectories
{
    public static bool Same(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Normalize(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var info = new DirectoryInfo(full);
        return info.LinkTarget is { } target ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(target, Path.GetDirectoryName(full)!)) : full;
    }
}
