using AkkaBackup.Core.Layout;
using AkkaBackup.Core.Security;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Targets in the node's store decide where an instance's runs go and how the receiver files them.</summary>
public sealed class TargetRoutingTests
{
    [Fact]
    public async Task An_instance_sent_to_a_second_target_is_stored_there_in_its_folder_and_name_and_goes_back_when_reset()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 50);
        await using var console = await ConsoleNode.StartAsync(env);
        var secondStore = Path.Combine(env.Root, "store-offsite");
        var (offsitePort, offsite) = await StartSecondReceiverAsync(env, secondStore);
        await using var _ = offsite;

        async Task<string> Ok(params string[] words)
        {
            var (code, abk) = await console.AbkAsync(words);
            Assert.True(code == 0, $"abk {string.Join(' ', words)} exited {code}:\n{abk.Output}\n{env.Logs()}");
            return abk.Stdout;
        }

        Assert.Contains("target 'offsite' added", await Ok(
            "config", "target", "add", "offsite", "--host", "127.0.0.1", "--port", offsitePort.ToString(), "--expected-name", "receiver-offsite",
            "--remote-folder", "nightly/db", "--naming-pattern", "{instance}-{timestamp}.zip", "--date-format", "yyyyMMdd"));
        Assert.Contains("instance 'main' saved", await Ok("config", "instance", "set", "main", "--target", "offsite"));
        Assert.Contains("offsite", await Ok("config", "instance", "list"));

        var before = DateTime.UtcNow.ToString("yyyyMMdd");
        Assert.Contains("stored and verified", await Ok("backup", "run", "--instance", "main", "--watch"));
        var after = DateTime.UtcNow.ToString("yyyyMMdd");

        // On the second receiver, below this client's folder, named by the target's pattern and date format; nothing on the first.
        var folder = Path.Combine(secondStore, "client-1", "nightly", "db");
        var stored = Path.Combine(folder, $"main-{before}.zip");
        if (!File.Exists(stored))
        {
            // The run may have begun just after midnight UTC.
            stored = Path.Combine(folder, $"main-{after}.zip");
        }

        Assert.True(File.Exists(stored), $"expected {stored}; the offsite store holds: {string.Join(", ", Directory.GetFiles(secondStore, "*", SearchOption.AllDirectories))}");
        Assert.True(File.Exists(StoreFiles.ManifestOf(stored)));
        Assert.Empty(env.StoredArchives());

        // The target cannot be removed while the instance sends its runs there.
        var (removed, removal) = await console.AbkAsync("config", "target", "remove", "offsite");
        Assert.NotEqual(0, removed);
        Assert.Contains("target 'offsite' is used by instance(s) main", removal.Stderr);

        // Back to the node's own receiver (imported from HOCON as the target named after its CN), without a restart.
        await Ok("config", "instance", "set", "main", "--target", "receiver");
        Assert.Contains("stored and verified", await Ok("backup", "run", "--instance", "main", "--watch"));
        var home = Assert.Single(env.StoredArchives());
        Assert.StartsWith(Path.Combine(env.Store, "client-1", "main") + Path.DirectorySeparatorChar, home);
        Assert.Single(Directory.GetFiles(secondStore, "*.zip", SearchOption.AllDirectories));
        Assert.Contains("target 'offsite' removed", await Ok("config", "target", "remove", "offsite"));
        var (unknown, refused) = await console.AbkAsync("config", "instance", "set", "main", "--target", "offsite");
        Assert.Equal(2, unknown);
        Assert.Contains("target = 'offsite' is not a configured target (configured: receiver)", refused.Stderr);
    }

    /// <summary>A second receiver process with its own certificate name, store and ports.</summary>
    private static async Task<(int Port, NodeProcess Process)> StartSecondReceiverAsync(BackupEnvironment env, string store)
    {
        CertificateAuthority.WriteFiles(env.Certs, "E2E Test CA", ["receiver-offsite"], BackupEnvironment.Password);
        var port = FreePort.Next();
        var config = Path.Combine(env.Root, "receiver-offsite.hocon");
        File.WriteAllText(config, $$"""
            akkabackup {
              role = receiver
              node-name = receiver-offsite
              log-directory = "{{Path.Combine(env.Root, "logs-offsite")}}"
              tls {
                certificate = "{{Path.Combine(env.Certs, "receiver-offsite.pfx")}}"
                certificate-password = "{{BackupEnvironment.Password}}"
                ca = "{{Path.Combine(env.Certs, "ca.crt")}}"
              }
              receiver {
                store-directory = "{{store}}"
                allowed-clients = ["client-1"]
                reserve-bytes = 1MiB
                data-plane { hostname = "127.0.0.1", port = {{FreePort.Next()}} }
              }
            }
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
            """);
        var process = NodeProcess.Start(env.Root, "receiver", "--config", config);
        await process.WaitForOutputAsync("node started; stop it with", TimeSpan.FromSeconds(60));
        return (port, process);
    }
}
