namespace AkkaBackup.Store.Catalog;

/// <summary>How a restore drill ended, as the catalog stores it (<c>passed</c>, <c>failed</c>, <c>refused</c>).</summary>
public enum CatalogDrillStatus
{
    Passed,
    Failed,
    Refused,
}

/// <summary>One table of a drilled archive: its <c>CHECK TABLE</c> result and its <c>CHECKSUM TABLE</c> value (null for system tables and when it failed).</summary>
/// <param name="Table">"schema.table".</param>
public sealed record CatalogDrillTable(string Table, bool Passed, string Check, long? Checksum);

/// <summary>
/// What a drill row of the catalog adds to <see cref="CatalogEntry"/>: the outcome, the stage a failed or refused
/// drill stopped in (its kebab-case word, <c>check-tables</c>) and every table checked.
/// </summary>
public sealed record CatalogDrill(CatalogDrillStatus Status, string? FailedStage, IReadOnlyList<CatalogDrillTable> Tables)
{
    /// <summary>Compares the tables item by item (a record compares lists by reference).</summary>
    public bool Equals(CatalogDrill? other) =>
        other is not null && Status == other.Status && FailedStage == other.FailedStage && Tables.SequenceEqual(other.Tables);

    public override int GetHashCode() => HashCode.Combine(Status, FailedStage, Tables.Count);
}
