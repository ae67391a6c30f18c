using AkkaBackup.Store.Catalog;

namespace AkkaBackup.Receiver.Catalog;

/// <summary>
/// The receiver's one <see cref="FleetCatalog"/>, opened on first use and again after an open that failed (a disk
/// that comes back), shared by the catalog writer, the overdue watch and the console.
/// </summary>
public sealed class CatalogOpener(string path)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FleetCatalog? _open;

    public string Path => path;

    public async Task<FleetCatalog> OpenAsync(CancellationToken ct = default)
    {
        if (_open is { } open)
        {
            return open;
        }

        await _gate.WaitAsync(ct);
        try
        {
            return _open ??= await FleetCatalog.OpenAsync(path, ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}
