using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// Copy-ahead for a cold backup: where the data directory's files go ahead of compression, and how much of the
/// staging disk the archive itself still needs (<paramref name="ArchiveReserveBytes"/>: pre-flight's estimate with
/// its margin, plus a reserve). Nothing is copied that would leave the archive less room than that.
/// </summary>
public sealed record CopyAheadOptions(string Directory, long ArchiveReserveBytes)
{
    /// <summary>The copy-ahead directory of the archive at <paramref name="archivePath"/>: beside it, removed with it.</summary>
    public static string DirectoryFor(string archivePath) => archivePath + ".copy";

    /// <summary>Removes the copy-ahead directory of <paramref name="archivePath"/>, if any (a crashed run's).</summary>
    public static void RemoveFor(string archivePath)
    {
        var directory = DirectoryFor(archivePath);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>What copy-ahead did by the time the source was released: bytes compressed straight from it, bytes copied, and why copying stopped.</summary>
public sealed record SourceReleased(long ReadBytes, long CopiedBytes, string StoppedBecause, TimeSpan After);

/// <summary>
/// Lets a cold backup release the stopped server's data directory long before compression ends. The files are cut
/// into segments; the archiver's reader claims them from the first one on and compresses them, while a copier
/// claims them from the last one backwards and copies each into the staging disk, as fast as the disks go. When
/// they meet, every segment is either read or copied: <see cref="SourceReleased"/> fires, the server can start,
/// and the reader takes the rest from the copies. Each copied block's XxHash3 is kept and checked when the reader
/// reads it back, so a copy damaged on the staging disk fails the archive instead of entering it. The copier stops
/// at the first segment it cannot copy (the reader then reads it from the source) or when the staging disk would
/// keep less than the archive needs; a copy is deleted as soon as it is read.
/// </summary>
public sealed class CopyAhead
{
    public const int BlocksPerSegment = 64;

    private const int Free = 0;
    private const int Reading = 1;
    private const int Copying = 2;

    private readonly DataDirectoryScan _scan;
    private readonly CopyAheadOptions? _options;
    private readonly int _blockSize;
    private readonly Func<long> _archiveWritten;
    private readonly Action<SourceReleased> _onReleased;
    private readonly List<Segment> _segments = [];
    private readonly int[] _firstSegment;
    private readonly int[] _states;
    private readonly TaskCompletionSource<CopiedSegment?>[] _copies;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _sourcePending;
    private long _readBytes;
    private long _copiedBytes;
    private volatile string _stoppedBecause;

    /// <param name="options">Null: nothing is copied; the reader claims every segment (and the release fires when it has read the last).</param>
    /// <param name="archiveWritten">Bytes of the archive written so far (the copier leaves room for the rest).</param>
    public CopyAhead(DataDirectoryScan scan, CopyAheadOptions? options, int blockSize, Func<long> archiveWritten, Action<SourceReleased> onReleased)
    {
        _scan = scan;
        _options = options;
        _blockSize = blockSize;
        _archiveWritten = archiveWritten;
        _onReleased = onReleased;
        _firstSegment = new int[scan.Entries.Count + 1];
        var segmentSize = (long)BlocksPerSegment * blockSize;
        for (var e = 0; e < scan.Entries.Count; e++)
        {
            _firstSegment[e] = _segments.Count;
            var entry = scan.Entries[e];
            for (long offset = 0; !entry.IsDirectory && offset < entry.Length; offset += segmentSize)
            {
                _segments.Add(new Segment(e, offset, Math.Min(segmentSize, entry.Length - offset)));
            }
        }

        _firstSegment[scan.Entries.Count] = _segments.Count;
        _states = new int[_segments.Count];
        _copies = new TaskCompletionSource<CopiedSegment?>[_segments.Count];
        for (var i = 0; i < _copies.Length; i++)
        {
            _copies[i] = new TaskCompletionSource<CopiedSegment?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _sourcePending = _segments.Count;

        // Unless the copier stops for another reason (and says which before the reader can finish), the two meet.
        _stoppedBecause = options is null ? "copy-ahead is off" : "met the compressor";
    }

    public int SegmentCount => _segments.Count;

    /// <summary>The segments of entry <paramref name="entryIndex"/>: [first, end).</summary>
    public (int First, int End) SegmentsOf(int entryIndex) => (_firstSegment[entryIndex], _firstSegment[entryIndex + 1]);

    public Segment this[int segment] => _segments[segment];

    /// <summary>The copier: from the last segment backwards until it meets the reader, runs out of room, or fails.</summary>
    public async Task CopyAsync(CancellationToken ct)
    {
        if (_segments.Count == 0)
        {
            Release();
            return;
        }

        if (_options is null)
        {
            return;
        }

        await Task.Yield();
        var buffer = BlockBuffers.Pool.Rent(_blockSize);
        try
        {
            CreatePrivateDirectory(_options.Directory);
            for (var i = _segments.Count - 1; i >= 0; i--)
            {
                if (ct.IsCancellationRequested)
                {
                    _stoppedBecause = "cancelled";
                    return;
                }

                if (RoomFor(_segments[i]) is { } noRoom)
                {
                    _stoppedBecause = noRoom;
                    return;
                }

                if (Interlocked.CompareExchange(ref _states[i], Copying, Free) != Free)
                {
                    return;
                }

                try
                {
                    var copied = CopySegment(i, buffer, ct);
                    Interlocked.Add(ref _copiedBytes, _segments[i].Length);
                    if (i == 0)
                    {
                        _stoppedBecause = "copied everything";
                    }

                    _copies[i].SetResult(copied);
                    SourceDone();
                }
                catch (Exception e)
                {
                    // The reader reads this segment (and every one the copier did not reach) from the source.
                    NewArchiveFile.TryDelete(SpillPath(i));
                    _stoppedBecause = e is OperationCanceledException ? "cancelled" : $"cannot copy {Describe(_segments[i])}: {e.Message}";
                    _copies[i].SetResult(null);
                    return;
                }
            }

        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The staging directory cannot take copies (or tell its free space): everything is compressed from the source.
            _stoppedBecause = $"cannot use {_options.Directory}: {e.Message}";
        }
        finally
        {
            BlockBuffers.Pool.Return(buffer);
        }
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// The reader's claim on a segment: null when it reads it from the source (and calls <see cref="SourceDone"/> after);
    /// otherwise the copy to read instead, once it is complete.
    /// </summary>
    public async ValueTask<CopiedSegment?> ClaimAsync(int segment, CancellationToken ct)
    {
        if (Interlocked.CompareExchange(ref _states[segment], Reading, Free) == Free)
        {
            return null;
        }

        return await _copies[segment].Task.WaitAsync(ct);
    }

    /// <summary>The reader has every byte of a segment it claimed from the source.</summary>
    public void SourceRead(int segment)
    {
        Interlocked.Add(ref _readBytes, _segments[segment].Length);
        SourceDone();
    }

    /// <summary>
    /// Removes what is left of the copies (after the archive is written, or when it failed). Best effort: a copy that cannot
    /// be removed must not fail a written archive.
    /// </summary>
    public void RemoveCopies()
    {
        if (_options is null)
        {
            return;
        }

        try
        {
            if (Directory.Exists(_options.Directory))
            {
                Directory.Delete(_options.Directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void SourceDone()
    {
        if (Interlocked.Decrement(ref _sourcePending) == 0)
        {
            Release();
        }
    }

    private void Release() =>
        _onReleased(new SourceReleased(Interlocked.Read(ref _readBytes), Interlocked.Read(ref _copiedBytes), _stoppedBecause, _clock.Elapsed));

    /// <summary>Null when the staging disk keeps room for the rest of the archive after this copy; else why not.</summary>
    private string? RoomFor(Segment segment)
    {
        var free = new DriveInfo(_options!.Directory).AvailableFreeSpace;
        var archiveNeeds = Math.Max(0, _options.ArchiveReserveBytes - _archiveWritten());
        return free - segment.Length >= archiveNeeds
            ? null
            : $"staging space: {free:N0} bytes free, the archive needs up to {archiveNeeds:N0} more";
    }

    private CopiedSegment CopySegment(int index, byte[] buffer, CancellationToken ct)
    {
        var segment = _segments[index];
        var entry = _scan.Entries[segment.Entry];
        var sourcePath = Path.Combine(_scan.Root, entry.RelativePath);
        var blocks = (int)((segment.Length + _blockSize - 1) / _blockSize);
        var hashes = new ulong?[blocks];
        using var source = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        if (RandomAccess.GetLength(source) != entry.Length)
        {
            throw new ArchiveException($"'{sourcePath}' changed size since the scan ({entry.Length} -> {RandomAccess.GetLength(source)} bytes): is the server really stopped?");
        }

        var spillPath = SpillPath(index);
        using var spill = File.OpenHandle(spillPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, FileOptions.None);
        long nextData = 0;
        for (var b = 0; b < blocks; b++)
        {
            ct.ThrowIfCancellationRequested();
            var offset = segment.Offset + ((long)b * _blockSize);
            var length = (int)Math.Min(_blockSize, segment.Offset + segment.Length - offset);
            if (nextData < offset + length)
            {
                nextData = SparseFile.NextData(source, offset);
            }

            // A block wholly inside a hole is not read, not copied: the copy keeps the hole, the reader writes zeros.
            if (nextData >= offset + length)
            {
                continue;
            }

            FileBlocks.ReadExactly(source, sourcePath, buffer.AsSpan(0, length), offset, entry.Length);
            hashes[b] = XxHash3.HashToUInt64(buffer.AsSpan(0, length));
            RandomAccess.Write(spill, buffer.AsSpan(0, length), offset - segment.Offset);
        }

        return new CopiedSegment(spillPath, hashes);
    }

    private string SpillPath(int segment) => Path.Combine(_options!.Directory, segment.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));

    private string Describe(Segment s) => $"'{_scan.Entries[s.Entry].RelativePath}' at {s.Offset:N0}";

    /// <param name="Entry">Index of its file in the scan.</param>
    public sealed record Segment(int Entry, long Offset, long Length);
}

/// <summary>
/// One segment's copy in the staging disk: the file, and per block the XxHash3 of the bytes copied — null for a
/// block that was wholly a hole in the source and was neither read nor copied.
/// </summary>
public sealed record CopiedSegment(string Path, ulong?[] BlockHashes)
{
    /// <summary>Reads block <paramref name="block"/> back and checks it is what was copied.</summary>
    public void ReadBlock(SafeFileHandle copy, int block, int blockSize, Span<byte> into, string sourceName)
    {
        var read = FileBlocks.ReadUpTo(copy, into, (long)block * blockSize);
        if (read != into.Length || XxHash3.HashToUInt64(into) != BlockHashes[block])
        {
            throw new ArchiveException(
                $"the copy of '{sourceName}' in the staging directory ({Path}, block {block}) no longer holds what was copied from the data directory: the staging disk lost or changed it");
        }
    }
}
