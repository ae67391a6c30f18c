using AkkaBackup.Core.Naming;
using AkkaBackup.Core.Retention;

using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Retention;

public sealed class StoreScannerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 13, 5, 9, TimeSpan.Zero);

    private readonly GeneratedStore _store = new();

    [Fact]
    public void A_manifest_as_the_receiver_writes_it_is_read()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_store.Root, "client-1")).FullName;
        var archive = Path.Combine(directory, "db1_main_full_20261124_130509.zip");
        File.WriteAllBytes(archive, new byte[1234]);
        File.WriteAllText(archive + ".manifest.json", """
            {
              "manifestVersion": 1,
              "storedName": "db1_main_full_20261124_130509.zip",
              "storedAt": "2026-11-24T13:05:09.1234567+00:00",
              "transferId": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
              "client": "client-1",
              "sourceHost": "db1.example.org",
              "server": "db1",
              "instance": "main",
              "mysqlVersion": "11.4.2-MariaDB",
              "dataDirectory": "/var/lib/mysql",
              "dataBytes": 987654321,
              "fileCount": 321,
              "compression": "deflate-fastest",
              "archiveBytes": 1234,
              "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "chunkSize": 67108864,
              "chunkCount": 1,
              "startedAt": "2026-11-24T13:00:00+00:00",
              "phaseMilliseconds": { "stop": 1200, "archive": 53000 }
            }
            """);

        var scan = StoreScanner.Scan(_store.Root);

        var backup = Assert.Single(scan.Backups);
        Assert.Equal(new StoredBackup(new InstanceKey("client-1", "main"), new DateTimeOffset(2026, 11, 24, 13, 5, 9, TimeSpan.Zero).AddTicks(1234567), 1234, true, archive), backup);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void An_archive_that_does_not_match_its_manifest_is_not_verified()
    {
        var archive = _store.Add("db1", "main", At, intact: false);

        var scan = StoreScanner.Scan(_store.Root);

        Assert.False(Assert.Single(scan.Backups).Verified);
        Assert.Equal(archive, Assert.Single(scan.Problems).Path);
    }

    [Fact]
    public void An_archive_whose_manifest_is_still_temporary_is_in_progress()
    {
        var archive = _store.Add("db1", "main", At, inProgress: true);

        var backup = Assert.Single(StoreScanner.Scan(_store.Root).Backups);

        Assert.Equal(archive, backup.Path);
        Assert.True(backup.InProgress);
        Assert.False(backup.Verified);
    }

    [Fact]
    public void Orphans_unreadable_manifests_and_unmanifested_files_are_reported_not_listed()
    {
        var orphan = _store.Add("db1", "main", At);
        File.Delete(orphan);
        var unreadable = _store.Add("db1", "main", At.AddDays(-1));
        File.WriteAllText(unreadable + ".manifest.json", "{ \"client\": ");
        var stray = Path.Combine(_store.Root, "db1", "stray.zip");
        File.WriteAllText(stray, "no manifest");

        var scan = StoreScanner.Scan(_store.Root);

        Assert.Empty(scan.Backups);
        Assert.Equal(new[] { orphan + ".manifest.json", unreadable + ".manifest.json", stray }.Order(), scan.Problems.Select(p => p.Path).Order());
    }

    [Fact]
    public void The_receivers_own_dot_directories_and_symbolic_links_are_not_scanned()
    {
        var archive = _store.Add("db1", "main", At);
        var partial = Directory.CreateDirectory(Path.Combine(_store.Root, ".partial")).FullName;
        File.WriteAllText(Path.Combine(partial, "transfer.part"), "partial bytes");
        File.Copy(archive + ".manifest.json", Path.Combine(partial, "copy.zip.manifest.json"));
        using var outside = new TempDirectory("akkabackup-outside");
        File.Copy(archive, outside.PathOf("elsewhere.zip"));
        File.Copy(archive + ".manifest.json", outside.PathOf("elsewhere.zip.manifest.json"));
        Directory.CreateSymbolicLink(Path.Combine(_store.Root, "linked"), outside.Root);

        var scan = StoreScanner.Scan(_store.Root);

        Assert.Equal(archive, Assert.Single(scan.Backups).Path);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void A_drill_report_goes_with_its_archive_and_one_without_its_archive_is_reported()
    {
        var drilled = _store.Add("db1", "main", At);
        File.WriteAllText(drilled + ".drill.json", "{}");
        File.WriteAllText(drilled + ".drill.json.tmp", "{");
        var gone = _store.Add("db1", "main", At.AddDays(-1));
        File.WriteAllText(gone + ".drill.json", "{}");
        File.Delete(gone);
        File.Delete(gone + ".manifest.json");

        var scan = StoreScanner.Scan(_store.Root);

        Assert.Equal(drilled, Assert.Single(scan.Backups).Path);
        var problem = Assert.Single(scan.Problems);
        Assert.Equal((gone + ".drill.json", "drill report without its archive (the archive was removed)"), (problem.Path, problem.Problem));
    }

    public void Dispose() => _store.Dispose();
}
