using System.Security.Cryptography;
using System.Text;

namespace AkkaBackup.Core.Hot;

/// <summary>
/// A run's private directory inside the request's work directory: the 0600 options file that carries the
/// password to mariadb-backup, its temporary directory (where it spools the redo log it copies) and its nominal
/// target directory. Disposing removes all of it, on success, failure and cancellation alike.
/// </summary>
internal sealed class HotBackupWorkspace : IDisposable
{
    private HotBackupWorkspace(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string OptionsFile => Path.Combine(Root, "client.cnf");

    public string TemporaryDirectory => Path.Combine(Root, "tmp");

    /// <summary>Unused with --stream except for its name in the tool's messages; required by the tool all the same.</summary>
    public string TargetDirectory => Path.Combine(Root, "target");

    public static HotBackupWorkspace Create(string workDirectory, HotBackupConnection connection)
    {
        var root = Path.Combine(Path.GetFullPath(workDirectory), $"hot-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(root);
        }
        else
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var workspace = new HotBackupWorkspace(root);
        try
        {
            Directory.CreateDirectory(workspace.TemporaryDirectory);
            WriteOptions(workspace.OptionsFile, connection);
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// The [client] group mariadb-backup reads for its connection. The file is created 0600 before a byte is
    /// written, so the password is never readable by others, not even for a moment.
    /// </summary>
    private static void WriteOptions(string path, HotBackupConnection connection)
    {
        var text = new StringBuilder("[client]\n")
            .Append("user=").Append(Quote(connection.User)).Append('\n')
            .Append("password=").Append(Quote(connection.Password)).Append('\n');
        if (connection.Socket is { } socket)
        {
            text.Append("socket=").Append(Quote(socket)).Append('\n').Append("protocol=socket\n");
        }
        else
        {
            // protocol=tcp: "localhost" would otherwise mean the default socket, whatever the port says.
            text.Append("host=").Append(Quote(connection.Host)).Append('\n')
                .Append("port=").Append(connection.Port).Append('\n')
                .Append("protocol=tcp\n");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        file.Write(text.ToString());
    }

    /// <summary>
    /// An option file value in double quotes: the reader strips the outer quotes and undoes backslash escapes,
    /// so a password with spaces, '#', quotes or backslashes arrives as it is.
    /// </summary>
    private static string Quote(string value)
    {
        if (value.Contains('\n') || value.Contains('\r'))
        {
            throw new ArgumentException("a line break cannot be passed in a MariaDB option file", nameof(value));
        }

        return "\"" + value.Replace("\\", "\\\\") + "\"";
    }
}
