using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.TestSupport;

/// <summary>The fixture every end-to-end test stands on: a private server that can be stopped, started and copied.</summary>
public sealed class MariaDbServerTests
{
    [Fact]
    public async Task A_private_server_starts_stops_through_its_scripts_and_its_copy_has_the_same_tables()
    {
        await using var db = await MariaDbServer.StartNewAsync("fixture");
        await db.GenerateSampleDataAsync(1000);
        var before = await db.ChecksumTablesAsync();
        Assert.Contains("shop.orders", before.Keys);
        Assert.All(before.Values, v => Assert.NotNull(v));

        var (stop, stopOutput) = await ShellCommand.RunAsync("/bin/sh", ["-c", db.StopCommand], TimeSpan.FromSeconds(30));
        Assert.True(stop == 0, stopOutput);
        for (var i = 0; i < 600 && db.IsProcessRunning(); i++)
        {
            await Task.Delay(50);
        }

        Assert.False(db.IsProcessRunning());
        Assert.False(await db.AnswersAsync());

        var copy = Path.Combine(db.Directory, "copy");
        var (cp, cpOutput) = await ShellCommand.RunAsync("cp", ["-a", db.DataDirectory, copy], TimeSpan.FromMinutes(1));
        Assert.True(cp == 0, cpOutput);

        var (start, startOutput) = await ShellCommand.RunAsync("/bin/sh", ["-c", db.StartCommand], TimeSpan.FromSeconds(30));
        Assert.True(start == 0, startOutput);
        await db.WaitUntilAnswersAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(before, await db.ChecksumTablesAsync());

        await using var second = await MariaDbServer.StartOnDataDirectoryAsync(copy, db.User, db.Password);
        Assert.NotEqual(db.Port, second.Port);
        Assert.Equal(before, await second.ChecksumTablesAsync());
    }
}
