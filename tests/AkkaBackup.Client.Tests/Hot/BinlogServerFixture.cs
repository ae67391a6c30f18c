using AkkaBackup.TestSupport;

namespace AkkaBackup.Client.Tests.Hot;

/// <summary>A private MariaDB server with the binary log on, where mariadb-backup also needs BINLOG MONITOR (SHOW MASTER STATUS).</summary>
public sealed class BinlogServerFixture : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartNewAsync("hot-grants", settings: ["log-bin", "server-id=1"]);
        await Server.GenerateSampleDataAsync(rows: 500);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
