namespace AkkaBackup.Core.Naming;

/// <summary>A value a naming or layout pattern can use, written in lower case: <c>{server}</c>, <c>{runid}</c>, …</summary>
public enum NamingToken
{
    Server,
    Instance,
    Client,
    Database,
    Type,
    RunId,
    Sequence,
    Timestamp,
}
