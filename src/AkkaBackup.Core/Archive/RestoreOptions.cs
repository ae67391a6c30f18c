namespace AkkaBackup.Core.Archive;

/// <param name="Force">Extract into a directory that is not empty.</param>
/// <param name="Owner">"user[:group]" to chown every restored path to; null leaves ownership alone.</param>
/// <param name="ExpectedSha256">Checked against the whole archive before anything is extracted.</param>
public sealed record RestoreOptions(bool Force = false, string? Owner = null, string? ExpectedSha256 = null);

public sealed record RestoreResult(int FilesRestored, int DirectoriesRestored, long BytesRestored, string Sha256);
