using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using AkkaBackup.Core.Processes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.TestSupport;

/// <summary>The fixture every end-to-end test stands on: a private server that can be stopped, started and copied.</summary>
public sealed class MariaDbServerTests
{
    [Fact]
    public async Task A_private_server_keeps_its_data_across_restarts_by_api_and_by_script_and_in_a_copy()
    {
        await using var db = await MariaDbServer.StartNewAsync("fixture");
        await db.GenerateSampleDataAsync(1000);
        var checksums = await db.ChecksumTablesAsync();
        Assert.Equal(
            ["inventory.items", "inventory.suppliers", "shop.audit", "shop.customers", "shop.documents", "shop.orders"],
            checksums.Keys.Order(StringComparer.Ordinal));
        Assert.All(checksums.Values, v => Assert.NotNull(v));

        await db.StopAsync();
        Assert.False(db.IsProcessRunning());
        await db.StartAsync();
        Assert.Equal(checksums, await db.ChecksumTablesAsync());

        await RunShellAsync(db.StopCommand);
        await WaitUntilAsync(() => !db.IsProcessRunning());
        Assert.False(PortIsOpen(db.Port));

        var copy = Path.Combine(db.Directory, "copy");
        var (cp, cpOutput) = await ProcessRunner.RunAsync(new ProcessCommand("cp", ["-a", db.DataDirectory, copy]) { Timeout = TimeSpan.FromMinutes(1) });
        Assert.True(cp == 0, cpOutput);

        await RunShellAsync(db.StartCommand);
        await db.WaitUntilAnswersAsync(TimeSpan.FromSeconds(60));
        Assert.True(db.IsProcessRunning());
        Assert.Equal(checksums, await db.ChecksumTablesAsync());

        await using var restored = await MariaDbServer.StartOnDataDirectoryAsync(copy, db.User, db.Password);
        Assert.NotEqual(db.Port, restored.Port);
        Assert.Equal(copy, restored.DataDirectory);
        Assert.Equal(checksums, await restored.ChecksumTablesAsync());
    }

    [Fact]
    public async Task GrowTo_fills_the_data_directory_with_data_that_compresses_like_real_data()
    {
        await using var db = await MariaDbServer.StartNewAsync("grow");
        // Big enough that the table file's preallocated, still empty tail no longer dominates its ratio.
        var target = DirectorySize(db.DataDirectory) + 250_000_000;

        await db.GrowToAsync(target);

        // Overshoots by at most one batch of rows plus the table file's next extension.
        Assert.InRange(DirectorySize(db.DataDirectory), target, target + 80_000_000);

        // Measured as a cold backup sees it: after a clean shutdown has written every page.
        await db.StopAsync();
        var table = Path.Combine(db.DataDirectory, "bulk", "events.ibd");
        await using var compressed = new MemoryStream();
        await using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        await using (var file = File.OpenRead(table))
        {
            await file.CopyToAsync(deflate);
        }

        var ratio = (double)new FileInfo(table).Length / compressed.Length;
        Assert.InRange(ratio, 2.2, 2.8);
    }

    private static async Task RunShellAsync(string commandLine)
    {
        var (code, output) = await ProcessRunner.RunAsync(new ProcessCommand("/bin/sh", ["-c", commandLine]) { Timeout = TimeSpan.FromSeconds(30) });
        Assert.True(code == 0, $"{commandLine} exited with {code}: {output}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    private static bool PortIsOpen(int port)
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
