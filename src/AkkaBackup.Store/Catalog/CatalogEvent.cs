namespace AkkaBackup.Store.Catalog;

/// <summary>What a row of the receiver's fleet catalog records; stored as its kebab-case word (<c>filed</c>).</summary>
public enum CatalogEvent
{
    /// <summary>A verified archive got its final name and its manifest.</summary>
    Filed,

    /// <summary>A request or a connection was turned away: pre-flight, an open, a stranger's certificate, someone else's transfer.</summary>
    Refused,

    /// <summary>A transfer that reached completion could not be filed (a SHA-256 mismatch, an unknown type, a disk error).</summary>
    Failed,

    /// <summary>A partial transfer untouched for <c>partial-expiry</c>, removed.</summary>
    Expired,

    /// <summary>Retention deleted a stored backup (the rule is in <see cref="CatalogEntry.Rule"/>).</summary>
    Deleted,

    /// <summary>The dead man's switch: an instance had no filing within its expected interval.</summary>
    Overdue,

    /// <summary>A filing arrived for an instance that was overdue.</summary>
    Recovered,

    /// <summary>An operator told the receiver to stop watching an instance (<c>catalog forget</c>).</summary>
    Forgotten,

    /// <summary>A restore drill of a stored archive ended: its outcome and per-table results are in <see cref="CatalogEntry.Drill"/>.</summary>
    Drill,
}
