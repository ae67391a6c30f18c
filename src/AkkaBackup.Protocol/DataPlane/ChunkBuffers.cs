using System.Buffers;

namespace AkkaBackup.Protocol.DataPlane;

/// <summary>
/// The pool of chunk data on both ends of the data plane (a chunk being sent, a chunk received and not yet
/// written). Not <see cref="ArrayPool{T}.Shared"/>, which keeps arrays of up to the chunk size per thread and per
/// core, so memory grows with the number of threads that ever handled a chunk. This one keeps at most
/// <see cref="ArraysPerSize"/> arrays of each size; how many are in use at once is bounded by the window (client)
/// and the buffered-bytes budget (receiver).
/// </summary>
public static class ChunkBuffers
{
    public const int ArraysPerSize = 16;

    /// <summary>The largest chunk pooled; larger ones (over the 64 MiB max-chunk-size) would be allocated each time.</summary>
    public const int LargestPooled = 64 * 1024 * 1024;

    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(maxArrayLength: LargestPooled, maxArraysPerBucket: ArraysPerSize);
}
