using AkkaBackup.Core.Security;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>
/// One end-to-end scenario on this machine: a private MariaDB with sample data, certificates from a
/// private CA, a receiver node process and the configuration for a client. A fleet scenario has more
/// clients (<c>client-2</c>, …), each with its own private MariaDB, staging and log folders.
/// </summary>
public sealed class BackupEnvironment : IAsyncDisposable
{
    public const string Password = "test-pfx-password";

    private BackupEnvironment(string root, IReadOnlyList<FleetClient> clients)
    {
        Root = root;
        Clients = clients;
        Db = clients[0].Db;
        ReceiverPort = FreePort.Next();
        DataPort = FreePort.Next();
    }

    public string Root { get; }

    public MariaDbServer Db { get; }

    public string Certs => Path.Combine(Root, "certs");

    public string Store => Path.Combine(Root, "store");

    public string Staging => Path.Combine(Root, "staging");

    public string StagedArchive => Path.Combine(Staging, "main", "Data.zip");

    public int ReceiverPort { get; }

    public int DataPort { get; }

    public NodeProcess? Receiver { get; private set; }

    /// <summary>client-1 (whose server is <see cref="Db"/>) and, in a fleet scenario, the others.</summary>
    public IReadOnlyList<FleetClient> Clients { get; }

    /// <param name="dataRoot">Where client-1's server directory (data, socket, configuration) is made, e.g. a mounted test
    /// file system; null: the shared temporary folder. The caller keeps that file system mounted until this is disposed.</param>
    public static async Task<BackupEnvironment> CreateAsync(int rows = 2000, int clients = 1, string? dataRoot = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "akkabackup-e2e", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var names = Enumerable.Range(1, clients).Select(i => $"client-{i}").ToList();
        CertificateAuthority.WriteFiles(Path.Combine(root, "certs"), "E2E Test CA", ["receiver", .. names, "stranger"], Password);
        CertificateAuthority.WriteFiles(Path.Combine(root, "other-ca"), "Some Other CA", ["client-1"], Password);
        var fleet = await Task.WhenAll(names.Select(async (name, i) =>
        {
            var db = i == 0 ? await MariaDbServer.StartNewAsync("source", baseDirectory: dataRoot) : await MariaDbServer.StartNewAsync(name);
            await db.GenerateSampleDataAsync(rows);
            var suffix = i == 0 ? "" : "-" + name;
            return new FleetClient(name, $"db{i + 1}", db, Path.Combine(root, "staging" + suffix), Path.Combine(root, "logs" + suffix));
        }));
        return new BackupEnvironment(root, fleet);
    }

    public string WriteReceiverConfig(string extra = "")
    {
        var path = Path.Combine(Root, "receiver.hocon");
        File.WriteAllText(path, $$"""
            akkabackup {
              role = receiver
              node-name = receiver
              log-directory = "{{Path.Combine(Root, "logs")}}"
              tls {
                certificate = "{{Path.Combine(Certs, "receiver.pfx")}}"
                certificate-password = "{{Password}}"
                ca = "{{Path.Combine(Certs, "ca.crt")}}"
              }
              receiver {
                store-directory = "{{Store}}"
                allowed-clients = [{{string.Join(", ", Clients.Select(c => $"\"{c.Name}\""))}}]
                reserve-bytes = 1MiB
                data-plane { hostname = "127.0.0.1", port = {{DataPort}} }
              }
            }
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{ReceiverPort}} }
            {{extra}}
            """);
        return path;
    }

    public string WriteClientConfig(
        string? stopCommand = null,
        string? startCommand = null,
        string stopTimeout = "60s",
        string chunkSize = "1MiB",
        string certificate = "certs/client-1.pfx",
        string nodeName = "client-1",
        int? receiverPort = null,
        string extra = "",
        FleetClient? client = null)
    {
        var c = client ?? Clients[0];
        var db = c.Db;
        if (client is not null)
        {
            nodeName = client.Name;
            certificate = $"certs/{client.Name}.pfx";
        }

        var path = Path.Combine(Root, $"client-{Guid.NewGuid():N}.hocon");
        File.WriteAllText(path, $$"""
            akkabackup {
              role = client
              node-name = "{{nodeName}}"
              log-directory = "{{c.Logs}}"
              tls {
                certificate = "{{Path.Combine(Root, certificate)}}"
                certificate-password = "{{Password}}"
                ca = "{{Path.Combine(Certs, "ca.crt")}}"
              }
              client {
                staging-directory = "{{c.Staging}}"
                chunk-size = {{chunkSize}}
                # The failure tests hold a run in its transfer with the server down; CopyAheadTests (and the configs
                # other tests write themselves) run the default, copy.
                mysql.restart-after = transfer
                receiver {
                  host = "127.0.0.1"
                  port = {{receiverPort ?? ReceiverPort}}
                  name = receiver
                  request-timeout = 10s
                }
                instances.main {
                  server = "{{c.Server}}"
                  host = "127.0.0.1"
                  port = {{db.Port}}
                  user = "{{db.User}}"
                  password = "{{db.Password}}"
                  data-directory = "{{db.DataDirectory}}"
                  service {
                    kind = command
                    stop-command = "{{Escape(stopCommand ?? db.StopCommand)}}"
                    start-command = "{{Escape(startCommand ?? db.StartCommand)}}"
                  }
                  stop-timeout = {{stopTimeout}}
                  start-timeout = 60s
                  probe-timeout = 5s
                }
              }
            }
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            {{extra}}
            """);
        return path;
    }

    public async Task<NodeProcess> StartReceiverAsync(string? configPath = null)
    {
        Receiver = NodeProcess.Start(Root, "receiver", "--config", configPath ?? WriteReceiverConfig());
        await Receiver.WaitForOutputAsync("node started; stop it with", TimeSpan.FromSeconds(60));
        return Receiver;
    }

    public Task<(int ExitCode, NodeProcess Process)> BackupAsync(string clientConfig, params string[] extraArgs) =>
        NodeProcess.RunAsync(Root, TimeSpan.FromMinutes(5), ["backup", "--config", clientConfig, .. extraArgs]);

    public IReadOnlyList<string> StoredArchives() =>
        Directory.Exists(Store)
            ? Directory.GetFiles(Store, "*.zip", SearchOption.AllDirectories).Where(f => !f.Contains(Path.Combine(Store, ".partial"), StringComparison.Ordinal)).ToList()
            : [];

    /// <summary>Size of the receiver's .part file of the (single) transfer in progress; 0 when there is none.</summary>
    public long PartBytes()
    {
        var partial = Path.Combine(Store, ".partial");
        var part = Directory.Exists(partial) ? Directory.GetFiles(partial, "*.part").FirstOrDefault() : null;
        return part is null ? 0 : new FileInfo(part).Length;
    }

    /// <summary>The receiver's .part files, one per partial transfer it holds.</summary>
    public IReadOnlyList<string> PartFiles()
    {
        var partial = Path.Combine(Store, ".partial");
        return Directory.Exists(partial) ? Directory.GetFiles(partial, "*.part") : [];
    }

    /// <summary>Waits until the receiver holds no .part file (a partial transfer was removed).</summary>
    public async Task WaitForNoPartFileAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (PartBytes() > 0 || Directory.GetFiles(Path.Combine(Store, ".partial"), "*.part").Length > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the receiver still holds a partial transfer:\n{Logs()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the receiver's .part file holds at least <paramref name="bytes"/>; returns its path.</summary>
    public async Task<string> WaitForPartBytesAsync(long bytes)
    {
        var partial = Path.Combine(Store, ".partial");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var part = Directory.Exists(partial) ? Directory.GetFiles(partial, "*.part").FirstOrDefault() : null;
            if (part is not null && new FileInfo(part).Length >= bytes)
            {
                return part;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no .part file in {partial} reached {bytes} bytes:\n{Logs()}");
    }

    public string Logs() => Logs(Path.Combine(Root, "logs"));

    public static string Logs(string directory) =>
        Directory.Exists(directory)
            ? string.Join("\n", Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => File.ReadAllText(f)))
            : "";

    public async ValueTask DisposeAsync()
    {
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        foreach (var client in Clients)
        {
            await client.Db.DisposeAsync();
        }
        if (Environment.GetEnvironmentVariable("AKKABACKUP_KEEP_TEST_DIRS") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}

/// <summary>A client node of the scenario: its name (= certificate CN), its server's name in stored file names, its own MariaDB and folders.</summary>
public sealed record FleetClient(string Name, string Server, MariaDbServer Db, string Staging, string Logs);
