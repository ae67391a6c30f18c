using System.Globalization;

namespace AkkaBackup.Client.Snapshots;

/// <summary>
/// The size of an LVM snapshot: a share of its origin (<c>20%</c>, as lvcreate's %ORIGIN) or a fixed size. A
/// snapshot holds the origin's blocks as they were before each write; one that fills up is invalidated by LVM.
/// </summary>
public sealed record VolumeShare(int? Percentage, long? Bytes)
{
    public static VolumeShare Percent(int percentage) => new(percentage, null);

    public static VolumeShare Fixed(long bytes) => new(null, bytes);

    /// <summary>The snapshot's bytes for an origin of <paramref name="originBytes"/>, rounded up to whole extents as lvcreate does.</summary>
    public long For(long originBytes, long extentBytes)
    {
        var wanted = Percentage is { } p ? (long)Math.Ceiling(originBytes * (p / 100.0)) : Bytes!.Value;
        var extent = Math.Max(1, extentBytes);
        return (wanted + extent - 1) / extent * extent;
    }

    public override string ToString() => Percentage is { } p ? $"{p}%" : $"{Bytes!.Value.ToString(CultureInfo.InvariantCulture)} bytes";
}
