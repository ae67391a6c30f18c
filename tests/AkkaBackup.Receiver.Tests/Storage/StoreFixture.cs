using Akka.Configuration;
using AkkaBackup.Core.Configuration;
using AkkaBackup.Protocol.Messages;
using AkkaBackup.Receiver.Configuration;
using static AkkaBackup.Receiver.Transfers.TransferMessages;

namespace AkkaBackup.Receiver.Tests.Storage;

/// <summary>A store in a temporary directory, receiver settings read from HOCON, and verified .part files to file into it.</summary>
public sealed class StoreFixture : IDisposable
{
    public StoreFixture(string receiverHocon = "")
    {
        Root = Directory.CreateTempSubdirectory("akkabackup-store").FullName;
        Settings = ReceiverSettingsReader.Read(Config(Root, receiverHocon));
        Directory.CreateDirectory(Settings.PartialDirectory);
    }

    public string Root { get; }

    public ReceiverSettings Settings { get; }

    public static Config Config(string store, string receiverHocon) => ReferenceConfiguration.Over(ConfigurationFactory.ParseString($$"""
        akkabackup {
          node-name = receiver
          receiver {
            store-directory = "{{store}}"
            allowed-clients = ["client-1"]
            {{receiverHocon}}
          }
        }
        """));

    /// <summary>A .part file ready to be filed, as the Assembler hands it over after the SHA-256 matched.</summary>
    public FileArchive Archive(
        string client = "client-1", string server = "db1", string instance = "main", DateTimeOffset? startedAt = null, string runId = "run-1", Placement? placement = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var part = Path.Combine(Settings.PartialDirectory, id + ".part");
        File.WriteAllText(part, "archive " + id);
        var description = new ArchiveDescription(
            "host", server, instance, "10.11", "/var/lib/mysql", 100, 3, "zip/deflate",
            startedAt ?? new DateTimeOffset(2026, 11, 25, 14, 36, 48, TimeSpan.Zero), [], runId, "full", "all", placement);
        return new FileArchive(id, client, part, new FileInfo(part).Length, new string('a', 64), 1024, 1, description);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
