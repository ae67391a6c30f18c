using AkkaBackup.Core.Archive;
using AkkaBackup.TestSupport;
using MySqlConnector;
using Xunit.Abstractions;

namespace AkkaBackup.Core.Tests.Archive;

/// <summary>A real data directory whose InnoDB tables are page-compressed (holes punched in every page) round-trips with its holes.</summary>
public sealed class PageCompressedDataDirectoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Page_compressed_tables_restore_to_the_same_allocated_size_and_checksums()
    {
        await using var db = await MariaDbServer.StartNewAsync("page-compressed");
        await using (var c = new MySqlConnection(db.ConnectionString))
        {
            await c.OpenAsync();
            foreach (var sql in new[]
            {
                "CREATE DATABASE pc",
                "USE pc",
                "CREATE TABLE pc.events (id INT PRIMARY KEY, at DATETIME, note VARCHAR(255), payload VARBINARY(64)) ENGINE=InnoDB PAGE_COMPRESSED=1",
                "CREATE TABLE pc.archive (id INT PRIMARY KEY, body TEXT) ENGINE=InnoDB PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=9",
                "CREATE TABLE pc.plain (id INT PRIMARY KEY, body VARCHAR(200)) ENGINE=InnoDB",
                "INSERT INTO pc.events SELECT seq, '2026-01-01' + INTERVAL seq SECOND, CONCAT_WS(' ', 'order', seq, ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'returned'), REPEAT('x', seq % 100)), UNHEX(MD5(seq)) FROM seq_1_to_150000",
                "INSERT INTO pc.archive SELECT seq, REPEAT(CONCAT('line ', seq, ' of the archived log; '), 1 + seq % 20) FROM seq_1_to_40000",
                "INSERT INTO pc.plain SELECT seq, CONCAT('plain row ', SHA1(seq)) FROM seq_1_to_20000",
            })
            {
                await using var command = new MySqlCommand(sql, c);
                await command.ExecuteNonQueryAsync();
            }
        }

        var checksums = await db.ChecksumTablesAsync();
        await db.StopAsync();
        var scan = DataDirectoryScanner.Scan(db.DataDirectory);
        var table = scan.Entries.Single(e => e.RelativePath == "pc/events.ibd");
        Assert.True(table.AllocatedBytes < table.Length * 0.7, $"pc/events.ibd takes {table.AllocatedBytes:N0} of {table.Length:N0} bytes: page compression punched no holes");
        Assert.True(table.IsSparse);

        var work = Path.Combine(db.Directory, "round-trip");
        var archive = Path.Combine(work, "Data.zip");
        var restored = Path.Combine(work, "restored");
        Directory.CreateDirectory(work);
        await new DataDirectoryArchiver(new ArchiveOptions()).CreateAsync(scan, archive, _ => { }, null, CancellationToken.None);
        await ArchiveRestorer.RestoreAsync(archive, restored, new RestoreOptions(), CancellationToken.None);

        var before = await LargeFiles.AllocatedBytesAsync(db.DataDirectory);
        var after = await LargeFiles.AllocatedBytesAsync(restored);
        var sizes = $"allocated {before:N0} bytes before, {after:N0} after the restore ({scan.TotalBytes:N0} apparent, {scan.DataSegmentBytes:N0} in data segments)";
        output.WriteLine(sizes);
        Assert.True(Math.Abs(after - before) <= before * 0.03, sizes);
        foreach (var compressed in new[] { "pc/events.ibd", "pc/archive.ibd" })
        {
            var original = await LargeFiles.AllocatedBytesAsync(Path.Combine(db.DataDirectory, compressed));
            var copied = await LargeFiles.AllocatedBytesAsync(Path.Combine(restored, compressed));
            output.WriteLine($"{compressed}: {scan.Entries.Single(e => e.RelativePath == compressed).Length:N0} bytes, allocated {original:N0} before, {copied:N0} after");
            Assert.InRange(copied, original * 0.97, original * 1.03);
        }

        foreach (var file in scan.Entries.Where(e => !e.IsDirectory))
        {
            Assert.Null(LargeFiles.FirstDifference(Path.Combine(db.DataDirectory, file.RelativePath), Path.Combine(restored, file.RelativePath)));
        }

        await using var copy = await MariaDbServer.StartOnDataDirectoryAsync(restored, db.User, db.Password);
        Assert.Equal(checksums, await copy.ChecksumTablesAsync());
        Assert.Equal(["pc.archive", "pc.events", "pc.plain"], checksums.Keys);
    }
}
