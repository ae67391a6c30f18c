using System.Globalization;
using System.Security.Cryptography;

namespace AkkaBackup.Receiver.Drills;

/// <summary>
/// One drill's scratch directory, <c>&lt;scratch root&gt;/drill-&lt;time&gt;-&lt;random&gt;</c>, mode 0700: the restored
/// data directory, the private server's temporary directory, socket, pid file and error log. Nobody but this
/// node's user may reach it: the server in it runs without grant tables, so its socket would let anyone in.
/// </summary>
public sealed class DrillScratch
{
    private const string Prefix = "drill-";

    // Same length as every real name: the socket path pre-flight measures is the longest one.
    private const string LongestName = Prefix + "yyyyMMddHHmmss-0123456789ab";

    private DrillScratch(string directory) => Directory = directory;

    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string TemporaryDirectory => Path.Combine(Directory, "tmp");

    public string SocketPath => SocketPathIn(Directory);

    public string PidFile => Path.Combine(Directory, "mariadbd.pid");

    public string ErrorLog => Path.Combine(Directory, "mariadbd.err");

    /// <summary>The socket path a drill under <paramref name="root"/> gets (they all have the same length).</summary>
    public static string SocketPathUnder(string root) => SocketPathIn(Path.Combine(root, LongestName));

    public static DrillScratch Create(string root)
    {
        System.IO.Directory.CreateDirectory(root);
        var name = $"{Prefix}{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var directory = Path.Combine(root, name);
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var scratch = new DrillScratch(directory);
        System.IO.Directory.CreateDirectory(scratch.TemporaryDirectory);
        return scratch;
    }

    /// <summary>Removes the whole directory; null when it is gone, else why not (the caller reports it).</summary>
    public string? Remove()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the scratch copy {Directory} could not be removed ({e.Message}); remove it by hand: rm -rf {Directory}";
        }
    }

    private static string SocketPathIn(string directory) => Path.Combine(directory, "mariadbd.sock");
}
