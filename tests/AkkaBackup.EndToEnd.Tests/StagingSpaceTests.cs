using System.Text.Json;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// The staging volume (a real tmpfs on the instance's staging folder) against pre-flight's archive estimate: a volume
/// too small is refused before the server is touched, naming the estimate and its margin; data that compresses fits a
/// volume smaller than the data; an archive that outgrows the volume anyway takes the archive-failure path.
/// </summary>
public sealed class StagingSpaceTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_staging_volume_smaller_than_the_estimate_is_refused_in_preflight_naming_the_estimate_and_the_server_never_stops()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var staging = await PrepareAsync(env, dataMiB: 48, compressible: false, stagingMiB: 32);

        var (code, backup) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(3), "backup", "--config", env.WriteClientConfig(), "--json");

        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        Assert.Contains($"not enough local space for the archive in {staging.Directory}", backup.Output);
        Assert.Contains("the archive is estimated at", backup.Output);
        Assert.Contains("plus a 25 % margin", backup.Output);
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        Assert.Equal("Preflight", report.GetProperty("failedPhase").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("downtimeSeconds").ValueKind);
        Assert.True(await env.Db.AnswersAsync());
    }

    [Fact]
    public async Task Data_that_compresses_fits_a_staging_volume_smaller_than_the_data_and_the_report_states_the_estimate()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var staging = await PrepareAsync(env, dataMiB: 64, compressible: true, stagingMiB: 48);

        var (code, backup) = await NodeProcess.RunAsync(env.Root, TimeSpan.FromMinutes(3), "backup", "--config", env.WriteClientConfig(), "--json");

        Assert.True(code == 0, $"backup exited {code}:\n{backup.Output}");
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        var estimate = report.GetProperty("archiveEstimate");
        Assert.True(report.GetProperty("dataBytes").GetInt64() > 48L * MiB, "the data is larger than the staging volume");
        Assert.InRange(report.GetProperty("archiveBytes").GetInt64(), 1, estimate.GetProperty("bytes").GetInt64());
        Assert.Equal(25, estimate.GetProperty("marginPercent").GetInt32());
        Assert.InRange(estimate.GetProperty("sampledRatio").GetDouble(), 0.01, 0.7);
        Assert.Contains("the archive is estimated at", env.Logs());
    }

    [Fact]
    public async Task An_archive_that_outgrows_the_staging_volume_fails_while_archiving_removes_the_partial_and_starts_the_server()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var staging = await PrepareAsync(env, dataMiB: 48, compressible: false, stagingMiB: 96);

        // 192 chunks of 256 KiB at 100 ms each keep it archiving for about 20 s: time for another process to take the volume.
        var config = env.WriteClientConfig(chunkSize: "256KiB", extra: "akkabackup.testing.archive-chunk-delay = 100ms");
        var backup = NodeProcess.Start(env.Root, "backup", "--config", config, "--json");
        await WaitUntilAsync(() => File.Exists(env.StagedArchive) && new FileInfo(env.StagedArchive).Length > 2 * MiB, backup);
        var filler = staging.Fill();
        var code = await backup.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(code == 1, $"backup exited {code}:\n{backup.Output}");
        Assert.Contains($"the staging disk of {staging.Directory} is full", backup.Output);
        var report = JsonDocument.Parse(backup.Stdout).RootElement;
        Assert.Equal("Archiving", report.GetProperty("failedPhase").GetString());
        Assert.True(report.GetProperty("serverAnswering").GetBoolean());
        Assert.True(await env.Db.AnswersAsync(), "the server must be started again");
        Assert.False(File.Exists(env.StagedArchive), "the partial Data.zip is removed");
        Assert.Empty(env.StoredArchives());
        File.Delete(filler);
    }

    /// <summary>A filler file of <paramref name="dataMiB"/> in the data directory, a tmpfs on the instance's staging folder, the receiver.</summary>
    private static async Task<Tmpfs> PrepareAsync(BackupEnvironment env, int dataMiB, bool compressible, int stagingMiB)
    {
        await Filler.WriteAsync(Path.Combine(env.Db.DataDirectory, "filler.ibd"), dataMiB, compressible);
        var staging = Tmpfs.Mount(Path.Combine(env.Staging, "main"), stagingMiB);
        await env.StartReceiverAsync();
        return staging;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, NodeProcess backup)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline && !backup.HasExited, $"gave up waiting:\n{backup.Output}");
            await Task.Delay(50);
        }
    }
}
