namespace AkkaBackup.Core.Hot;

/// <summary>
/// How mariadb-backup reaches the server. The password never goes on a command line (any user on the machine
/// could read it there): it is written to a 0600 <c>--defaults-extra-file</c> in the request's work directory
/// for the run and deleted after.
/// </summary>
/// <param name="Socket">When set, the Unix socket is used instead of <paramref name="Host"/> and <paramref name="Port"/>.</param>
public sealed record HotBackupConnection(string Host, int Port, string User, string Password, string? Socket = null)
{
    /// <summary>The connection without its password, for logs and messages.</summary>
    public override string ToString() => Socket is { } socket ? $"{User}@{socket}" : $"{User}@{Host}:{Port}";
}
