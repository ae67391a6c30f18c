namespace AkkaBackup.Node.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in the assembly and read once. A request names one of them by its exact
/// name; nothing from a request is ever a file-system path, so no path can lead outside them.
/// </summary>
public sealed class DashboardAssets
{
    private static readonly (string Name, string ContentType)[] Files =
    [
        ("dashboard.css", "text/css; charset=utf-8"),
        ("dashboard.js", "text/javascript; charset=utf-8"),
    ];

    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _files;

    private DashboardAssets(Dictionary<string, (byte[] Bytes, string ContentType)> files) => _files = files;

    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var (name, contentType) in Files)
        {
            using var stream = assembly.GetManifestResourceStream("dashboard/" + name)
                ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded in {assembly.GetName().Name}");
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            files[name] = (bytes.ToArray(), contentType);
        }

        return new DashboardAssets(files);
    }

    public bool TryGet(string name, out byte[] bytes, out string contentType)
    {
        var found = _files.TryGetValue(name, out var file);
        (bytes, contentType) = found ? file : ([], "");
        return found;
    }
}
