using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Chunking;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>
/// The sealer thread that makes chunks durable and announces them: a sender that cannot take chunks holds the
/// writing after a short queue (memory and disk stay bounded, the stall watch sees it), and a failure there fails
/// the archive, which is then deleted.
/// </summary>
public sealed class ChunkSealingTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly TestTree _tree = new();

    [Fact]
    public async Task A_sender_that_takes_no_chunk_holds_the_writing_after_a_short_queue()
    {
        using var release = new ManualResetEventSlim();
        var announced = 0;
        var options = new ArchiveOptions(ChunkSize: ChunkSize, BlockSize: 64 * 1024, CompressionLevel: 0, Parallelism: 2);

        var archiving = new DataDirectoryArchiver(options).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ =>
        {
            Interlocked.Increment(ref announced);
            release.Wait();
        }, null, CancellationToken.None);

        // Level 0 writes the 11 MiB of the tree as it reads it: without the queue's bound the file would grow to it.
        await WaitUntil(() => announced == 1);
        var held = await SteadyLength(_tree.Archive);
        Assert.False(archiving.IsCompleted);
        Assert.True(held <= (ArchiveOptions.UnsealedChunks + 2) * ChunkSize, $"{held} bytes written while the first chunk was not taken");

        release.Set();
        var result = await archiving;
        Assert.Equal(result.ChunkCount, announced);
        Assert.True(result.Length > 10 * 1024 * 1024);
    }

    [Fact]
    public async Task A_failure_while_sealing_fails_the_archive_and_deletes_it()
    {
        var options = new ArchiveOptions(ChunkSize: ChunkSize, BlockSize: 64 * 1024, Parallelism: 2);
        var announced = new List<int>();

        var failure = await Assert.ThrowsAsync<IOException>(() => new DataDirectoryArchiver(options).CreateAsync(
            DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, chunk =>
            {
                announced.Add(chunk.Index);
                if (chunk.Index == 3)
                {
                    throw new IOException("sender gone at chunk 3");
                }
            }, null, CancellationToken.None));

        Assert.Equal("sender gone at chunk 3", failure.Message);
        Assert.Equal([0, 1, 2, 3], announced);
        Assert.False(File.Exists(_tree.Archive));
    }

    public void Dispose() => _tree.Dispose();

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    /// <summary>The file's length once it has not changed for half a second.</summary>
    private static async Task<long> SteadyLength(string path)
    {
        var last = -1L;
        while (true)
        {
            var now = new FileInfo(path).Length;
            if (now == last)
            {
                return now;
            }

            last = now;
            await Task.Delay(500);
        }
    }
}
