using AkkaBackup.Core.Naming;

namespace AkkaBackup.Store.Targets;

/// <summary>A receiver a client ships archives to, and how the archives are named there.</summary>
/// <param name="SystemName">The receiver's actor system name, part of its Akka.Remote address.</param>
/// <param name="ExpectedName">CN the receiver's certificate must carry.</param>
/// <param name="RemoteFolder">Folder below this client's folder in the receiver's store; empty for the receiver's <c>layout</c>.</param>
/// <param name="NamingPattern">See <see cref="Core.Naming.NamingPattern"/>; empty for the receiver's own <c>naming-pattern</c>.</param>
/// <param name="DateFormat">.NET date format for a <c>{timestamp}</c> token that names none.</param>
/// <param name="TimeZone">IANA id the timestamp in names is written in.</param>
public sealed record BackupTarget(
    string Name,
    string Host,
    int Port,
    string SystemName,
    string ExpectedName,
    string RemoteFolder,
    string NamingPattern,
    string DateFormat,
    string TimeZone,
    TimeSpan RequestTimeout,
    TimeSpan VerifyTimeout)
{
    public const string DefaultSystemName = "akkabackup";
    public const string DefaultDateFormat = "yyyyMMdd_HHmmss";
    public const string DefaultTimeZone = "UTC";
    /// <summary>The receiver's own naming pattern decides.</summary>
    public const string DefaultNamingPattern = "";
}
