namespace AkkaBackup.Core.Chunking;

/// <summary>A final, flushed piece of the archive: its bytes never change again and may be sent.</summary>
public sealed record SealedChunk(int Index, long Offset, int Length, ulong Checksum);
