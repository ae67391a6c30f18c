using System.Buffers;

namespace AkkaBackup.Core.Archive;

/// <summary>
/// The pool of the archivers' block buffers (raw and compressed blocks, hashing reads). Not
/// <see cref="ArrayPool{T}.Shared"/>: that one keeps arrays per thread and per core, so the longer a run lasts the
/// more threads have parked a block in it, and a node's memory creeps with the size of the data. This one keeps at
/// most <see cref="ArraysPerSize"/> arrays of each size, whichever thread returns them.
/// </summary>
public static class BlockBuffers
{
    public const int ArraysPerSize = 32;

    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(maxArrayLength: 16 * 1024 * 1024, maxArraysPerBucket: ArraysPerSize);
}
