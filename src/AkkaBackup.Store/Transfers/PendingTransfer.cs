namespace AkkaBackup.Store.Transfers;

/// <summary>
/// An archive that was written but not yet fully delivered. The transfer id is the resume token the
/// receiver issued; with the local path and checksum it is all a restarted client needs to resume.
/// </summary>
/// <param name="Receiver">The target the transfer was opened with: its name, certificate name and address, <c>backup01 (receiver@backup.example.org:4053)</c>.</param>
/// <param name="ArchivePath">The local <c>Data.zip</c>.</param>
/// <param name="Sha256">Hex SHA-256 of the whole archive.</param>
/// <param name="Attempts">How many sending attempts failed: the run that kept the archive, then each retry that failed as well.</param>
/// <param name="LastError">Why the last of them failed.</param>
public sealed record PendingTransfer(
    string RunId,
    string Instance,
    string TransferId,
    string Receiver,
    string ArchivePath,
    string Sha256,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    int Attempts,
    string? LastError);
