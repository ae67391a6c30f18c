namespace AkkaBackup.TestSupport;

/// <summary>Finds MariaDB's programs by absolute path.</summary>
internal static class Programs
{
    /// <summary>
    /// The program's absolute path: from PATH, else from the sbin directories, where Debian installs
    /// mariadbd but which a non-root user's PATH lacks. Absolute paths also keep the generated start
    /// script working whatever environment the code under test runs it with.
    /// </summary>
    public static string Find(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{name} not found in PATH or the sbin directories; install MariaDB (scripts/ensure-mariadb.sh)");
    }
}
