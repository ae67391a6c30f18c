namespace AkkaBackup.Core.Archive;

/// <param name="Force">Extract into a directory that is not empty.</param>
/// <param name="Owner">"user[:group]" to chown every restored path to; null leaves ownership alone.</param>
/// <param name="ExpectedSha256">Checked against the whole archive before anything is extracted.</param>
/// <param name="Expected">What the manifest says the archive holds; checked against the archive's entries before anything is extracted.</param>
public sealed record RestoreOptions(bool Force = false, string? Owner = null, string? ExpectedSha256 = null, ExpectedContent? Expected = null);

/// <summary>The data directory an archive was made of, as its manifest records it: bytes of file content and number of files.</summary>
public sealed record ExpectedContent(long DataBytes, long FileCount);

public sealed record RestoreResult(int FilesRestored, int DirectoriesRestored, long BytesRestored, string Sha256);
