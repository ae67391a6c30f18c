using System.Text.Json;
using System.Text.RegularExpressions;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>What `abk backup watch --json` shows of a run: numbers that move, cover the transfer, and end at the archive's size.</summary>
public sealed class ProgressTests
{
    [Fact]
    public async Task Progress_follows_the_transfer_past_the_seal_and_ends_with_every_byte_of_the_archive_acknowledged()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await Filler.WriteAsync(Path.Combine(env.Db.DataDirectory, "filler.bin"), 24);

        // About 100 chunks of 256 KiB at 100 ms each: the archive is sealed within a second, the transfer takes about 10 s more.
        await using var console = await ConsoleNode.StartAsync(env, extra: "akkabackup.client.chunk-size = 256KiB\nakkabackup.testing.chunk-delay = 100ms");
        var (started, run) = await console.AbkAsync("backup", "run", "--instance", "main");
        Assert.True(started == 0, run.Output);
        var runId = Regex.Match(run.Stdout, @"Run (\S+) of 'main' started").Groups[1].Value;

        await using var watch = console.StartAbk("backup", "watch", runId, "--json");
        Assert.Equal(0, await watch.WaitForExitAsync(TimeSpan.FromMinutes(3)));

        var lines = watch.Stdout.Split('\n').Where(l => l.StartsWith("{\"runId\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var acknowledged = lines.Select(l => l.GetProperty("bytesAcknowledged").GetInt64()).ToList();
        Assert.True(acknowledged.Zip(acknowledged.Skip(1), (before, after) => after >= before).All(ok => ok), $"acknowledged bytes never go back: {string.Join(", ", acknowledged)}");
        Assert.True(acknowledged.Distinct().Count() >= 4, $"the numbers move: {string.Join(", ", acknowledged)}");

        // After the seal the bar is not full and the ETA is the transfer's, not 00:00.
        Assert.Contains(lines, l => l.GetProperty("archiveSealed").GetBoolean() && l.GetProperty("fraction").GetDouble() < 0.9
            && l.GetProperty("etaSeconds").ValueKind == JsonValueKind.Number && l.GetProperty("etaSeconds").GetDouble() > 0
            && l.GetProperty("sentBytesPerSecond").GetDouble() > 0);

        var archiveBytes = long.Parse(Regex.Match(watch.Stdout, "\"archiveBytes\": (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var last = lines[^1];
        Assert.Equal(archiveBytes, last.GetProperty("bytesAcknowledged").GetInt64());
        Assert.Equal(archiveBytes, last.GetProperty("archiveBytesExpected").GetInt64());
        Assert.Equal(1.0, last.GetProperty("fraction").GetDouble());
        Assert.Equal(archiveBytes, new FileInfo(Assert.Single(env.StoredArchives())).Length);
    }
}
