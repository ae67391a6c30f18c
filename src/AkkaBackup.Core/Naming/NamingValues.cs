namespace AkkaBackup.Core.Naming;

/// <summary>
/// What one stored backup is called by: the values behind the tokens of <see cref="NamingPattern"/> and
/// <see cref="Layout.StoreLayout"/>. Values come from clients and are sanitised when rendered, never trusted.
/// </summary>
public sealed record NamingValues
{
    public required string Server { get; init; }

    public required string Instance { get; init; }

    public required string Client { get; init; }

    /// <summary>A cold backup holds every database; callers name what it holds (e.g. "all").</summary>
    public string Database { get; init; } = "all";

    /// <summary>cold, snapshot or hot (see <see cref="BackupTypes"/>).</summary>
    public string Type { get; init; } = "cold";

    public string RunId { get; init; } = "";

    /// <summary>The instance's counter, see <see cref="InstanceSequence"/>.</summary>
    public long Sequence { get; init; }

    /// <summary>When the backup was taken or stored; rendered in the pattern's time zone.</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
