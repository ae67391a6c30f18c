using AkkaBackup.Core.Configuration;

namespace AkkaBackup.Core.Naming;

/// <summary>
/// How a run takes its copy. <see cref="Cold"/>: the server is stopped while <c>Data.zip</c> is written.
/// <see cref="Snapshot"/>: the server is stopped only while its data directory is cloned, then the clone is
/// archived. <see cref="Hot"/>: <c>mariadb-backup</c> streams a copy while the server runs (stored as
/// <c>.xbstream.gz</c>, prepared on restore).
/// </summary>
public enum BackupType
{
    Cold,
    Snapshot,
    Hot,
}

/// <summary>The names of <see cref="BackupType"/> in configuration, on the wire, in manifests and in <c>{type}</c>.</summary>
public static class BackupTypes
{
    /// <summary>What clients before backup types sent; their backups were cold copies.</summary>
    public const string Legacy = "full";

    public static IReadOnlyList<string> Names { get; } = ["cold", "snapshot", "hot"];

    public static string Name(this BackupType type) => type switch
    {
        BackupType.Cold => "cold",
        BackupType.Snapshot => "snapshot",
        BackupType.Hot => "hot",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a backup type"),
    };

    /// <summary>Exact, lower-case names only; <see cref="Legacy"/> reads as cold.</summary>
    public static bool TryParse(string? text, out BackupType type)
    {
        switch (text)
        {
            case "cold" or Legacy:
                type = BackupType.Cold;
                return true;
            case "snapshot":
                type = BackupType.Snapshot;
                return true;
            case "hot":
                type = BackupType.Hot;
                return true;
            default:
                type = BackupType.Cold;
                return false;
        }
    }

    /// <exception cref="ConfigurationException">Names <paramref name="setting"/> and the value.</exception>
    public static BackupType Parse(string? text, string setting) =>
        TryParse(text, out var type) && text != Legacy
            ? type
            : throw new ConfigurationException($"{setting} = '{text}' is not a backup type: use one of {string.Join(", ", Names)}");

    /// <summary>A command-line value (<c>--type</c>); null stays null (the instance's type).</summary>
    /// <exception cref="Cli.UsageException">Names the option and the value.</exception>
    public static BackupType? ParseOption(string? text, string option = "--type") =>
        text is null ? null
        : TryParse(text, out var type) && text != Legacy ? type
        : throw new Cli.UsageException($"{option} = '{text}' is not a backup type: use one of {string.Join(", ", Names)}");

    /// <summary>The stored file's extension: a cold or snapshot copy is a zip, a hot one a gzip-compressed xbstream.</summary>
    public static string Extension(this BackupType type) => type == BackupType.Hot ? ".xbstream.gz" : ".zip";

    /// <summary>The archive's name in the client's staging directory.</summary>
    public static string StagedName(this BackupType type) => "Data" + type.Extension();

    /// <summary>What the manifest's <c>compression</c> says.</summary>
    public static string Format(this BackupType type) => type == BackupType.Hot ? "xbstream/gzip" : "zip/deflate";
}
