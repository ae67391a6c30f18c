using AkkaBackup.Core.Chunking;
using AkkaBackup.Receiver.Configuration;
using AkkaBackup.Receiver.Transfers;
using static AkkaBackup.Receiver.Transfers.AssemblerEvents;

namespace AkkaBackup.Receiver.Tests;

/// <summary>Re-verification of a real .part file: which damaged chunks each mode finds.</summary>
public sealed class ChunkVerifierTests : IDisposable
{
    private const int ChunkSize = 4096;
    private const int Chunks = 40;
    private readonly string _dir = Directory.CreateTempSubdirectory("akkabackup-verifier-").FullName;
    private readonly string _part;
    private readonly List<ChunkPersisted> _records = [];

    public ChunkVerifierTests()
    {
        _part = Path.Combine(_dir, "t.part");
        var bytes = new byte[ChunkSize * Chunks];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(_part, bytes);
        for (var i = 0; i < Chunks; i++)
        {
            _records.Add(new ChunkPersisted(i, (long)i * ChunkSize, ChunkSize, ChunkChecksum.Compute(bytes.AsSpan(i * ChunkSize, ChunkSize))));
        }
    }

    [Fact]
    public async Task Verify_all_finds_every_damaged_chunk_and_nothing_else()
    {
        Flip(3);
        Flip(38);

        var damaged = await ChunkVerifier.FindDamagedAsync(_part, _records, new ResumeVerification(true, 0, 0), CancellationToken.None);

        Assert.Equal([3, 38], damaged.Order());
    }

    [Fact]
    public async Task Sample_mode_always_checks_the_tail_where_a_crash_leaves_its_damage()
    {
        Flip(37);
        Flip(39);

        var damaged = await ChunkVerifier.FindDamagedAsync(_part, _records, new ResumeVerification(false, 0, 3), CancellationToken.None);

        Assert.Equal([37, 39], damaged.Order());
    }

    [Fact]
    public async Task Sample_mode_reads_only_the_sample_and_the_tail()
    {
        // Every chunk is damaged: what comes back is exactly what was read.
        for (var i = 0; i < Chunks; i++)
        {
            Flip(i);
        }

        var damaged = await ChunkVerifier.FindDamagedAsync(_part, _records, new ResumeVerification(false, 5, 2), CancellationToken.None);

        Assert.Equal(7, damaged.Count);
        Assert.Contains(38, damaged);
        Assert.Contains(39, damaged);
        Assert.Equal(7, damaged.Distinct().Count());
    }

    [Fact]
    public async Task A_part_file_cut_short_drops_the_chunks_beyond_its_end()
    {
        using (var file = new FileStream(_part, FileMode.Open))
        {
            file.SetLength((35L * ChunkSize) + 10);
        }

        var damaged = await ChunkVerifier.FindDamagedAsync(_part, _records, new ResumeVerification(true, 0, 0), CancellationToken.None);

        Assert.Equal([35, 36, 37, 38, 39], damaged.Order());
    }

    [Fact]
    public async Task A_missing_part_file_drops_every_chunk()
    {
        File.Delete(_part);

        var damaged = await ChunkVerifier.FindDamagedAsync(_part, _records, new ResumeVerification(false, 1, 1), CancellationToken.None);

        Assert.Equal(Chunks, damaged.Count);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Flip(int chunk)
    {
        using var file = new FileStream(_part, FileMode.Open, FileAccess.ReadWrite);
        file.Position = ((long)chunk * ChunkSize) + 17;
        var b = file.ReadByte();
        file.Position--;
        file.WriteByte((byte)(b ^ 0x5A));
    }
}
