using AkkaBackup.Core.Naming;

namespace AkkaBackup.Core.Layout;

/// <summary>
/// Picks a name nobody else has in a directory: <c>x.zip</c>, else <c>x_1.zip</c>, <c>x_2.zip</c>, … — never
/// overwriting. The claim is the atomic creation of a file (<see cref="FileMode.CreateNew"/>), so two
/// callers racing, in one process or several, can never both win the same name.
/// </summary>
public static class UniqueFileName
{
    public const int MaxAttempts = 10_000;

    /// <param name="claimSuffix">
    /// Empty: the file itself is created (empty) as the claim. Otherwise the claim is the file
    /// <c>name + claimSuffix</c> — e.g. <see cref="StoreFiles.ManifestSuffix"/>, so the manifest is written into
    /// the claim and the archive is moved to <see cref="ReservedFileName.Path"/> afterwards, and no archive ever
    /// has its final name while it is incomplete or without its manifest.
    /// </param>
    public static ReservedFileName Reserve(string directory, string preferredName, string claimSuffix = "")
    {
        if (preferredName.Length == 0 || Path.GetFileName(preferredName) != preferredName || preferredName is "." or "..")
        {
            throw new ArgumentException($"'{preferredName}' is not a plain file name", nameof(preferredName));
        }

        var extension = Path.GetExtension(preferredName);
        var stem = preferredName[..^extension.Length];
        var maxBytes = FileNameLimits.MaxBytes - FileNameLimits.ByteCount(claimSuffix);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var tail = (attempt == 0 ? "" : $"_{attempt}") + extension;
            var name = FileNameLimits.Fit(stem, tail, maxBytes);
            var path = Path.Combine(directory, name);
            var claim = path + claimSuffix;
            if (!TryCreate(claim))
            {
                continue;
            }

            if (claimSuffix.Length > 0 && Path.Exists(path))
            {
                // Someone put the file itself there without a claim (by hand, or an older receiver): not ours.
                File.Delete(claim);
                continue;
            }

            return new ReservedFileName(name, path, claim);
        }

        throw new IOException($"no free name for {preferredName} in {directory} after {MaxAttempts} attempts");
    }

    private static bool TryCreate(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }

            return true;
        }
        catch (IOException) when (Path.Exists(path))
        {
            return false;
        }
    }
}
