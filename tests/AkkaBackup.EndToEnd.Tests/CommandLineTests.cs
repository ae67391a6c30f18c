namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Bad input gets a clear error naming the bad value and a non-zero exit.</summary>
public sealed class CommandLineTests
{
    private static readonly string Here = Path.GetTempPath();

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "backup" }, "--config is required")]
    [InlineData(new[] { "backup", "--config", "/nonexistent/client.hocon" }, "'/nonexistent/client.hocon': file not found")]
    [InlineData(new[] { "backup", "--config", "x", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "restore", "/nonexistent.zip", "--datadir", "/tmp/x" }, "'/nonexistent.zip' not found")]
    [InlineData(new[] { "certs", "--out", "/tmp/x", "--password", "p" }, "at least one --node")]
    public async Task Bad_arguments_are_named_and_exit_2(string[] args, string expected)
    {
        var (code, run) = await NodeProcess.RunAsync(Here, TimeSpan.FromMinutes(1), args);

        Assert.Equal(2, code);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public async Task Bad_configuration_values_are_named()
    {
        var (code, run) = await BackupWithConfigAsync("""
            akkabackup.node-name = "client-1"
            akkabackup.client {
              staging-directory = "/tmp/staging"
              window = 0
              receiver { host = "127.0.0.1", port = 4053, name = receiver }
              instances.main { user = u, data-directory = "/var/lib/mysql", service.kind = launchd }
            }
            """);

        Assert.Equal(2, code);
        Assert.Contains("akkabackup.client.window = '0'", run.Stderr);
    }

    [Fact]
    public async Task A_misspelt_key_stops_the_node_naming_the_key_it_meant()
    {
        var (code, run) = await BackupWithConfigAsync("""
            akkabackup.node-name = "client-1"
            akkabackup.client {
              staging-directory = "/tmp/staging"
              receiver { host = "127.0.0.1", port = 4053, name = receiver }
              instances.main { user = u, data-directory = "/var/lib/mysql", stop-timout = 10m }
            }
            """);

        Assert.Equal(2, code);
        Assert.Contains("unknown key akkabackup.client.instances.main.stop-timout: did you mean akkabackup.client.instances.main.stop-timeout?", run.Stderr);
    }

    [Theory]
    [InlineData("receiver", "akkabackup.receiver.layout = \"../{client}/\"", "akkabackup.receiver.layout = '../{client}/'")]
    [InlineData("receiver", "akkabackup.receiver.naming-pattern = \"{server}/{instance}.zip\"", "akkabackup.receiver.naming-pattern = '{server}/{instance}.zip' must be a file name")]
    [InlineData("retention", "akkabackup.retention.default.keep-last = 0", "akkabackup.retention.default.keep-last = 0")]
    [InlineData("receiver", "akkabackup.alerts.channels = [{ type = pager }]", "akkabackup.alerts.channels[0].type = 'pager'")]
    [InlineData("retention", "", "/store' does not exist")]
    public async Task A_receiver_with_a_bad_pattern_retention_or_alert_channel_refuses_to_start_naming_it(string command, string setting, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("akkabackup-cli").FullName;
        var config = Path.Combine(directory, "receiver.hocon");
        await File.WriteAllTextAsync(config, $$"""
            akkabackup.node-name = receiver
            akkabackup.receiver { store-directory = "{{Path.Combine(directory, "store")}}", allowed-clients = ["client-1"] }
            {{setting}}
            """);

        var (code, run) = await NodeProcess.RunAsync(directory, TimeSpan.FromMinutes(1), command, "--config", config);

        Assert.Equal(2, code);
        Assert.Contains(expected, run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(directory, "store")), "nothing may be created before the configuration is valid");
    }

    [Fact]
    public async Task Certs_creates_a_ca_and_node_certificates_refuses_to_overwrite_and_adds_nodes_later()
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("akkabackup-certs").FullName, "certs");

        var (code, run) = await NodeProcess.RunAsync(Here, TimeSpan.FromMinutes(1), "certs", "--out", directory, "--node", "receiver", "--node", "db1", "--password", "pw");
        Assert.True(code == 0, run.Output);
        Assert.True(File.Exists(Path.Combine(directory, "ca.crt")));
        Assert.True(File.Exists(Path.Combine(directory, "receiver.pfx")));
        Assert.True(File.Exists(Path.Combine(directory, "db1.pfx")));

        var (again, second) = await NodeProcess.RunAsync(Here, TimeSpan.FromMinutes(1), "certs", "--out", directory, "--node", "db1", "--password", "pw");
        Assert.Equal(2, again);
        Assert.Contains("db1.pfx already exists; refusing to overwrite", second.Stderr);

        var ca = File.ReadAllBytes(Path.Combine(directory, "ca.crt"));
        var (added, third) = await NodeProcess.RunAsync(Here, TimeSpan.FromMinutes(1), "certs", "--out", directory, "--node", "db2", "--password", "pw");
        Assert.True(added == 0, third.Output);
        Assert.True(File.Exists(Path.Combine(directory, "db2.pfx")));
        Assert.Equal(ca, File.ReadAllBytes(Path.Combine(directory, "ca.crt")));
    }

    /// <summary>Runs <c>akkabackup backup</c> with a client configuration file of <paramref name="hocon"/>.</summary>
    private static async Task<(int Code, NodeProcess Run)> BackupWithConfigAsync(string hocon)
    {
        var directory = Directory.CreateTempSubdirectory("akkabackup-cli").FullName;
        var config = Path.Combine(directory, "client.hocon");
        await File.WriteAllTextAsync(config, hocon);
        return await NodeProcess.RunAsync(directory, TimeSpan.FromMinutes(1), "backup", "--config", config);
    }
}
