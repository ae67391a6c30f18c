using System.IO.Compression;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// What a zip archive's files take once restored: <see cref="Bytes"/>, their whole length, and <see cref="OnDisk"/>,
/// the room a restore needs at least — every file's length, but a file marked sparse only its compressed size (its
/// holes are not written; its data takes at least that much). Sizes come from the archive and are added without
/// overflowing: two entries that claim 2^62 bytes each must not add up to something small.
/// </summary>
public readonly record struct RestoredSize(long Bytes, long OnDisk, long Files, long SparseFiles)
{
    public static RestoredSize Of(ZipArchive zip)
    {
        long bytes = 0, onDisk = 0, files = 0, sparseFiles = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            files++;
            bytes = SaturatingAdd(bytes, entry.Length);
            var sparse = ((uint)entry.ExternalAttributes & Zip64Writer.DosSparseFile) != 0;
            sparseFiles += sparse ? 1 : 0;
            onDisk = SaturatingAdd(onDisk, sparse ? Math.Min(entry.Length, entry.CompressedLength) : entry.Length);
        }

        return new RestoredSize(bytes, onDisk, files, sparseFiles);
    }

    private static long SaturatingAdd(long total, long size) => size < 0 || total > long.MaxValue - size ? long.MaxValue : total + size;
}
