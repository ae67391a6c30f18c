namespace AkkaBackup.Core.Hot;

/// <summary>How a hot backup is stored: as what it is, a gzip-compressed xbstream that stock tools restore.</summary>
public static class HotArchive
{
    /// <summary>
    /// <c>gunzip -c x.xbstream.gz | mbstream -x -C dir</c>, then <c>mariadb-backup --prepare --target-dir dir</c>,
    /// restores it without this program.
    /// </summary>
    public const string Extension = ".xbstream.gz";
}
