namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// Which client each transfer id was issued to, kept longer than the transfer itself: a client whose transfer
/// the receiver forgot (expired, aborted, its journal lost) opens a fresh one naming the old id, and it skips
/// the admission queue only when that id was issued to the same client. One small file per id.
/// </summary>
public static class IssuedTransfers
{
    public static void Record(string directory, string transferId, string clientId)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, transferId), clientId);
    }

    /// <summary>True when <paramref name="transferId"/> (already validated) was issued to <paramref name="clientId"/>.</summary>
    public static bool IssuedTo(string directory, string transferId, string clientId)
    {
        var path = Path.Combine(directory, transferId);
        try
        {
            return File.Exists(path) && File.ReadAllText(path) == clientId;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
