using AkkaBackup.TestSupport;

namespace AkkaBackup.Client.Tests.Snapshots;

/// <summary>One private MariaDB server with sample data, its table checksums taken, then shut down cleanly: a data directory to clone.</summary>
public sealed class StoppedMariaDb : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    public IReadOnlyDictionary<string, long?> Checksums { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartNewAsync("snapshot");
        await Server.GenerateSampleDataAsync(5000);
        Checksums = await Server.ChecksumTablesAsync();
        await Server.StopAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
