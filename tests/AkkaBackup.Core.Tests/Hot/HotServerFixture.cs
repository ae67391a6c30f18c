using AkkaBackup.Core.Hot;
using AkkaBackup.TestSupport;

namespace AkkaBackup.Core.Tests.Hot;

/// <summary>One private MariaDB server with the sample tables (InnoDB, Aria, MyISAM) for a class of hot backup tests.</summary>
public sealed class HotServerFixture : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    public HotBackupTool Tool { get; } = HotBackupTools.Find(null);

    public HotBackupConnection Connection => new("127.0.0.1", Server.Port, Server.User, Server.Password);

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartNewAsync("hot");
        await Server.GenerateSampleDataAsync(rows: 5_000);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public HotBackupRequest Request(string workDirectory, HotBackupConnection? connection = null) =>
        new(Tool, connection ?? Connection, Server.DataDirectory, workDirectory);
}
