using AkkaBackup.Core.Archive;
using AkkaBackup.Core.Retention;
using AkkaBackup.Core.Tests.Archive;
using AkkaBackup.TestSupport.Fuzzing;

namespace AkkaBackup.Core.Tests.Fuzzing;

/// <summary>
/// Seeded mutation fuzz of what is read from files that may come from elsewhere: a stored archive's manifest and
/// the archive's zip entries at restore. Each mutant is read or refused with the documented exception only.
/// </summary>
public sealed class FileFuzzTests : IDisposable
{
    private readonly TestTree _tree = new();

    public static TheoryData<int> Seeds() => [.. Fuzz.Seeds];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_damaged_manifest_is_refused_with_InvalidDataException_only(int seed)
    {
        var path = _tree.Target("x.zip.manifest.json");
        var manifest = """
            {"manifestVersion":1,"storedName":"db1_main_full_20261125_143650.zip","storedAt":"2026-11-25T14:36:50+00:00","client":"db1","server":"db1",
             "instance":"main","dataBytes":430201184,"fileCount":209,"archiveBytes":41766912,"sha256":"92b33c07d6a2bbdb8abd836ae61016ee60990b2a6c90d73d19b37d640a8ab59e"}
            """u8.ToArray();

        Fuzz.Run(seed, [manifest], bytes =>
        {
            File.WriteAllBytes(path, bytes);
            StoredManifest.Read(path);
        }, [typeof(InvalidDataException)], input => 64L * input.Length + 256 * 1024, 1000);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_damaged_archive_is_refused_with_ArchiveException_only(int seed)
    {
        await new DataDirectoryArchiver(new ArchiveOptions(BlockSize: 64 * 1024)).CreateAsync(DataDirectoryScanner.Scan(_tree.Source), _tree.Archive, _ => { }, null, CancellationToken.None);
        var archive = await File.ReadAllBytesAsync(_tree.Archive);
        var mutant = _tree.Target("mutant.zip");
        var index = 0;

        // The target grows with every case; a bound keeps what a mutant may expand to from filling the disk.
        await Fuzz.RunAsync(seed, [archive], async bytes =>
        {
            await File.WriteAllBytesAsync(mutant, bytes);
            var target = _tree.Target($"restored-{seed}-{index++}");
            try
            {
                await ArchiveRestorer.RestoreAsync(mutant, target, new RestoreOptions(Expected: new ExpectedContent(64L * 1024 * 1024, 100)), CancellationToken.None);
            }
            finally
            {
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }
            }
        }, [typeof(ArchiveException)], _ => long.MaxValue, 200);
    }

    public void Dispose() => _tree.Dispose();
}
