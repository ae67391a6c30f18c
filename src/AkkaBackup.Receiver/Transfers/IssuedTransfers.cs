namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// Which client each transfer id was issued to, kept longer than the transfer itself: a client whose transfer
/// the receiver forgot (expired, aborted, its journal lost) opens a fresh one naming the old id, and it skips
/// the admission queue only when that id was issued to the same client, once. One small file per id.
/// </summary>
public static class IssuedTransfers
{
    public static void Record(string directory, string transferId, string clientId)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, transferId), clientId);
    }

    /// <summary>
    /// True, once, when <paramref name="transferId"/> (already validated) was issued to <paramref name="clientId"/>:
    /// the record is used up, so each forgotten transfer buys one reopening (whose own id is recorded anew).
    /// </summary>
    public static bool Consume(string directory, string transferId, string clientId)
    {
        var path = Path.Combine(directory, transferId);
        try
        {
            if (!File.Exists(path) || File.ReadAllText(path) != clientId)
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
