using AkkaBackup.Core.Processes;

namespace AkkaBackup.Receiver.Drills;

/// <summary>Finds the database server program a drill starts: <c>mariadbd</c>, else <c>mysqld</c>, on PATH.</summary>
public static class ServerBinaries
{
    private static readonly string[] Names = ["mariadbd", "mysqld"];

    /// <summary>The server's full path; null when neither name is an executable file in a PATH directory.</summary>
    public static string? Find() =>
        Names.SelectMany(name => Executables.PathDirectories().Select(d => Path.Combine(d, name))).FirstOrDefault(Executables.IsExecutable);

    /// <summary>Why <see cref="Find"/> found nothing, with the PATH it searched.</summary>
    public static string Missing() =>
        $"mariadbd not found: neither mariadbd nor mysqld is on PATH ({string.Join(':', Executables.PathDirectories())}); " +
        "install mariadb-server (the major version of the backed-up server), or put the directory that holds mariadbd (usually /usr/sbin) on PATH";
}
