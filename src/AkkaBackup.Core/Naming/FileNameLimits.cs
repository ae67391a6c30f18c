using System.Text;

namespace AkkaBackup.Core.Naming;

/// <summary>How long one file or directory name may be: 255 bytes on ext4/XFS/btrfs, 255 UTF-16 units on NTFS.</summary>
public static class FileNameLimits
{
    public const int MaxBytes = 255;

    /// <summary>
    /// Room a rendered archive name leaves for what is added to it later: a collision suffix (<c>_12345</c>)
    /// and the manifest beside it (<c>.manifest.json</c>, <c>.tmp</c>).
    /// </summary>
    public const int ReservedForSuffixes = 32;

    public const int MaxRenderedBytes = MaxBytes - ReservedForSuffixes;

    public static int ByteCount(string name) => Encoding.UTF8.GetByteCount(name);

    /// <summary><paramref name="stem"/> cut on a character boundary so that stem + <paramref name="tail"/> fits <paramref name="maxBytes"/>.</summary>
    public static string Fit(string stem, string tail, int maxBytes)
    {
        var budget = maxBytes - ByteCount(tail);
        if (budget < 1)
        {
            throw new ArgumentException($"'{tail}' leaves no room for a name within {maxBytes} bytes", nameof(tail));
        }

        var bytes = 0;
        var length = 0;
        foreach (var rune in stem.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return stem[..length] + tail;
    }
}
