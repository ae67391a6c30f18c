namespace AkkaBackup.Core.Layout;

/// <summary>
/// Defence in depth behind the pattern checks: a path is only used once its full form is the store root or
/// lies below it. (Symbolic links inside the store are the operator's; they are not resolved here.)
/// </summary>
public static class StorePath
{
    private static StringComparison Comparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The full path of <paramref name="relativePath"/> under <paramref name="storeRoot"/>; throws when it would leave it.</summary>
    public static string Under(string storeRoot, string relativePath)
    {
        var root = Path.GetFullPath(storeRoot);
        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(root, relativePath));
        }
        catch (ArgumentException e)
        {
            throw new StoreEscapeException($"'{relativePath}' is not a path under the store {root}: {e.Message}");
        }

        return IsUnder(root, full)
            ? full
            : throw new StoreEscapeException($"'{relativePath}' resolves to {full}, outside the store {root}");
    }

    public static bool IsUnder(string storeRoot, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storeRoot));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return full.Equals(root, Comparison) || full.StartsWith(prefix, Comparison);
    }
}
