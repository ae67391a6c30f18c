namespace AkkaBackup.Core.Layout;

/// <summary>
/// A name <see cref="UniqueFileName.Reserve"/> claimed in a directory. <see cref="ClaimPath"/> exists (an empty
/// file the caller now owns); <see cref="Path"/> did not exist when it was claimed, and nobody else using
/// <see cref="UniqueFileName"/> will claim it.
/// </summary>
public sealed record ReservedFileName(string Name, string Path, string ClaimPath);
