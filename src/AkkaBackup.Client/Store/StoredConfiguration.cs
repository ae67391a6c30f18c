using AkkaBackup.Client.Configuration;
using AkkaBackup.Core.Naming;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Store.Import;
using AkkaBackup.Store.Instances;
using AkkaBackup.Store.Secrets;
using AkkaBackup.Store.Targets;

namespace AkkaBackup.Client.Store;

/// <summary>Translates between the client's run settings and the rows of its configuration store.</summary>
public static class StoredConfiguration
{
    /// <summary>What the node's HOCON file configures, as an import into the store.</summary>
    public static ConfigurationImport ImportOf(ClientSettings settings) => new(settings.Instances, ToStored(settings.Target));

    /// <summary>A stored instance as a run uses it: the one way an <see cref="InstanceSettings"/> is made.</summary>
    public static InstanceSettings ToSettings(MySqlInstance i, Secret password, TargetSettings? target = null) => new(
        i.Name, i.Server, i.Host, i.Port, i.User, password.Reveal(), i.DataDirectory, i.ServiceKind, i.ServiceName,
        i.StopCommand, i.StartCommand, i.StopTimeout, i.StartTimeout, i.ProbeTimeout, target, i.Type, i.CloneDirectory);

    /// <summary>
    /// A stored target as a run uses it. Admission polling is the node's (HOCON) behaviour, not the
    /// target's; the date format is folded into the pattern, so the receiver gets one complete pattern.
    /// </summary>
    public static TargetSettings ToSettings(BackupTarget t, TargetSettings node) => new(
        t.Host, t.Port, t.SystemName, t.ExpectedName, t.RequestTimeout, t.VerifyTimeout, node.AdmissionPoll, node.AdmissionTimeout, t.Name,
        new Placement(
            t.RemoteFolder,
            t.NamingPattern.Length == 0 ? "" : NamingPattern.WithDateFormat(t.NamingPattern, t.DateFormat),
            t.TimeZone));

    /// <summary>The HOCON target is named after the receiver's certificate name.</summary>
    public static BackupTarget ToStored(TargetSettings t) => new(
        t.ExpectedName, t.Host, t.Port, t.SystemName, t.ExpectedName, "", BackupTarget.DefaultNamingPattern,
        BackupTarget.DefaultDateFormat, BackupTarget.DefaultTimeZone, t.RequestTimeout, t.VerifyTimeout);
}
