using static AkkaBackup.Protocol.Messages.ReceiverProtocol;

namespace AkkaBackup.Receiver.Transfers;

/// <summary>
/// A small file per filed transfer (named by its id), so a client that crashed before it heard
/// "stored" learns, when it resumes, that its archive is already safe instead of sending it again.
/// </summary>
public static class CompletedTransfers
{
    public static void Record(string directory, string clientId, TransferCompleted completed)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, completed.TransferId);
        File.WriteAllLines(path + ".tmp", [clientId, completed.StoredName, completed.StoredPath, completed.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), completed.Sha256]);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The record for <paramref name="transferId"/> if it belongs to <paramref name="clientId"/>. The id must already be validated.</summary>
    public static TransferCompleted? Find(string directory, string transferId, string clientId)
    {
        var path = Path.Combine(directory, transferId);
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        return lines.Length == 5 && lines[0] == clientId && long.TryParse(lines[3], out var length)
            ? new TransferCompleted(transferId, lines[1], lines[2], length, lines[4])
            : null;
    }

    /// <summary>Removes records older than <paramref name="maxAge"/>; returns how many.</summary>
    public static int Prune(string directory, TimeSpan maxAge)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var old = new DirectoryInfo(directory).EnumerateFiles().Where(f => DateTime.UtcNow - f.LastWriteTimeUtc > maxAge).ToList();
        old.ForEach(f => f.Delete());
        return old.Count;
    }
}
