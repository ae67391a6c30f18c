namespace AkkaBackup.Store.Catalog;

/// <summary>A filter on the fleet catalog; null fields do not filter. Newest rows first.</summary>
/// <param name="From">Rows at or after this time.</param>
/// <param name="To">Rows before this time.</param>
/// <param name="Offset">Rows to skip (after ordering), for paging.</param>
/// <param name="Text">Case-insensitive text to find in the reason, the stored name or path, the SHA-256, the transfer id or the peer.</param>
public sealed record CatalogQuery(
    string? Client = null,
    string? Instance = null,
    CatalogEvent? Event = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    int Limit = 100,
    int Offset = 0);
