using System.Text;
using System.Text.RegularExpressions;
using AkkaBackup.Store.RunLog;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>The <c>abk</c> console against a running client node: configure, test, run, watch, log, report.</summary>
public sealed class ConsoleTests
{
    [Fact]
    public async Task Add_test_list_run_watch_log_and_report_through_the_console_and_the_password_never_shows()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        await using var console = await ConsoleNode.StartAsync(env);
        var outputs = new StringBuilder();
        async Task<string> Ok(params string[] words)
        {
            var (code, abk) = await console.AbkAsync(words);
            outputs.AppendLine(abk.Output);
            Assert.True(code == 0, $"abk {string.Join(' ', words)} exited {code}:\n{abk.Output}");
            return abk.Stdout;
        }

        Assert.Contains("client node 'client-1'", await Ok("node", "status"));
        Assert.Contains("main", await Ok("config", "instance", "list"));
        Assert.Contains("every check passed", await Ok("config", "instance", "test", "main"));
        var (added, add) = await console.AbkWithInputAsync(env.Db.Password + "\n",
            "config", "instance", "add", "copy", "--host", "127.0.0.1", "--port", env.Db.Port.ToString(), "--user", env.Db.User, "--password", "-",
            "--data-directory", env.Db.DataDirectory, "--service-kind", "command", "--stop-command", env.Db.StopCommand, "--start-command", env.Db.StartCommand);
        outputs.AppendLine(add.Output);
        Assert.True(added == 0, add.Output);
        Assert.Contains("instance 'copy' added", add.Stdout);
        Assert.Contains("copy", await Ok("config", "instance", "list"));
        Assert.Contains("schedule 'nightly' added", await Ok("config", "schedule", "add", "nightly", "--instance", "main", "--cron", "0 3 * * *", "--time-zone", "Europe/Berlin"));
        Assert.Contains("nightly", await Ok("config", "schedule", "list"));
        Assert.Contains("the receiver answered and accepts this client", await Ok(
            "config", "target", "add", "backup", "--host", "127.0.0.1", "--port", env.ReceiverPort.ToString(), "--expected-name", "receiver"));
        Assert.Contains("every check passed", await Ok("config", "target", "test", "backup"));
        var (wrongName, refused) = await console.AbkAsync(
            "config", "target", "add", "impostor", "--host", "127.0.0.1", "--port", env.ReceiverPort.ToString(), "--expected-name", "some-other-receiver");
        Assert.Equal(2, wrongName);
        Assert.Contains("target 'impostor' was not saved: TLS with the receiver", refused.Stderr);

        var run = await Ok("backup", "run", "--instance", "main", "--watch");
        Assert.Contains("stored and verified", run);
        Assert.Contains("the database server answers SELECT 1", run);

        var log = await Ok("log", "list", "--instance", "main");
        Assert.Contains("succeeded", log);
        Assert.Contains("\"status\": \"succeeded\"", await Ok("log", "list", "--json"));
        var report = await Ok("report", "summary", "--since", "1d");
        Assert.Contains("100%", report);
        Assert.Contains("instance,type,runs,succeeded", await Ok("report", "summary", "--csv"));
        Assert.Contains("config instance add", await Ok("help"));
        Assert.Contains("usage: config schedule add", (await console.AbkAsync("config", "schedule", "add", "--nope")).Abk.Stderr);
        var (interactive, session) = await console.AbkWithInputAsync("node status\nconfig schedule list --json\nexit\n");
        Assert.Equal(0, interactive);
        Assert.Contains("client node 'client-1'", session.Stdout);
        Assert.Contains("\"name\": \"nightly\"", session.Stdout);

        // The receiver's console: its store, with the archive just made.
        var (storeCode, store) = await console.ReceiverAbkAsync("store", "list");
        Assert.True(storeCode == 0, store.Output);
        Assert.Contains("db1_main_cold_", store.Stdout);
        Assert.Contains(Path.GetFileName(Assert.Single(env.StoredArchives())), store.Stdout);
        var (statusCode, status) = await console.ReceiverAbkAsync("node", "status");
        Assert.True(statusCode == 0, status.Output);
        Assert.Contains("receiver node 'receiver'", status.Stdout);
        Assert.Contains("1 backup(s)", status.Stdout);
        Assert.Contains("connected over Akka.Remote", status.Stdout);
        Assert.Matches(@"akka\.ssl\.tcp://akkabackup@127\.0\.0\.1:\d+", status.Stdout);
        Assert.Contains("No partial transfers.", (await console.ReceiverAbkAsync("store", "transfers")).Abk.Stdout);
        var (planCode, plan) = await console.ReceiverAbkAsync("retention", "plan");
        Assert.True(planCode == 0, plan.Output);
        Assert.Contains("Dry run: nothing is deleted.", plan.Stdout);
        Assert.Contains($"keep  {Assert.Single(env.StoredArchives())}", plan.Stdout);
        Assert.Contains("0 to delete (0 bytes), 1 kept.", plan.Stdout);
        Assert.Contains("\"dryRun\": true", (await console.ReceiverAbkAsync("retention", "plan", "--json")).Abk.Stdout);

        // The password was typed once; it is in no output, no log, and not in the store file in clear.
        var password = env.Db.Password;
        Assert.DoesNotContain(password, outputs.ToString());
        Assert.DoesNotContain(password, console.Node.Output);
        Assert.DoesNotContain(password, env.Logs());
        var storeBytes = Directory.GetFiles(env.Staging, "node-store.db*").Where(f => !f.EndsWith(".key", StringComparison.Ordinal)).SelectMany(File.ReadAllBytes).ToArray();
        Assert.DoesNotContain(password, Encoding.UTF8.GetString(storeBytes));
    }

    [Fact]
    public async Task A_certificate_of_the_ca_that_is_no_console_is_not_even_let_in_and_the_console_says_why()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await using var console = await ConsoleNode.StartAsync(env);

        // The receiver's certificate is from the same CA; a client node admits consoles only.
        var (code, abk) = await console.AbkAsAsync("receiver", "config", "instance", "remove", "main");

        Assert.Equal(1, code);
        Assert.Contains("abk: cannot reach", abk.Stderr);
        Assert.Contains("does not admit this certificate", abk.Stderr);
        Assert.Contains("main", (await console.AbkAsync("config", "instance", "list")).Abk.Stdout);
        Assert.Contains("Refused TLS peer", console.Node.Output);
        Assert.Contains("certificate CN=receiver is not one of the allowed peers", console.Node.Output);
        Assert.DoesNotContain("instance remove", console.Node.Output);
    }

    [Fact]
    public async Task The_receiver_status_shows_the_active_transfer_with_its_client_progress_and_rate()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 2000);
        // 1 s per 64 KiB chunk: the transfer outlasts the several console processes the test starts while it runs.
        await using var console = await ConsoleNode.StartAsync(env, extra: "akkabackup.client.chunk-size = 64KiB\nakkabackup.testing.chunk-delay = 1s");
        var (started, run) = await console.AbkAsync("backup", "run", "--instance", "main");
        Assert.True(started == 0, run.Output);
        var runId = Regex.Match(run.Stdout, @"Run (\S+) of 'main' started").Groups[1].Value;
        await using var watch = console.StartAbk("backup", "watch", runId, "--json");
        await watch.WaitForOutputAsync("\"phase\":\"Transferring\"", TimeSpan.FromMinutes(2));

        var status = "";
        for (var attempt = 0; attempt < 20 && !status.Contains("client-1  db1/main", StringComparison.Ordinal); attempt++)
        {
            status = (await console.ReceiverAbkAsync("node", "status")).Abk.Stdout;
        }

        Assert.Contains("active transfers (1):", status);
        Assert.Matches(@"client-1  db1/main  \S+ \S+ in \d+ chunk\(s\) of at most \S+ \S+  \S+ \S+/s", status);
        Assert.Contains("waiting for a transfer slot (0):", status);
        var (_, json) = await console.ReceiverAbkAsync("node", "status", "--json");
        Assert.Contains("\"clientId\": \"client-1\"", json.Stdout);

        Assert.Equal(0, await watch.WaitForExitAsync(TimeSpan.FromMinutes(5)));
        Assert.Contains("active transfers (0):", (await console.ReceiverAbkAsync("node", "status")).Abk.Stdout);
    }

    [Theory]
    [InlineData(new[] { "--port", "0" }, "port = 0 is not a TCP port (1-65535)")]
    [InlineData(new[] { "--data-directory", "/var/lib/not-the-datadir" }, "data-directory = '/var/lib/not-the-datadir' is not the server's data directory")]
    [InlineData(new[] { "--password", "wrong-password-123" }, "Access denied")]
    [InlineData(new[] { "--service-kind", "systemd", "--service-name", "no-such-akkabackup-unit" }, "service.name = 'no-such-akkabackup-unit' is not visible to the service controller")]
    [InlineData(new[] { "--data-directory", "relative/dir" }, "data-directory = 'relative/dir' must be an absolute path")]
    public async Task Every_bad_instance_value_is_refused_with_its_message_and_nothing_is_saved(string[] bad, string message)
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await using var console = await ConsoleNode.StartAsync(env);
        var options = new Dictionary<string, string>
        {
            ["--host"] = "127.0.0.1", ["--port"] = env.Db.Port.ToString(), ["--user"] = env.Db.User, ["--password"] = env.Db.Password,
            ["--data-directory"] = env.Db.DataDirectory, ["--service-kind"] = "command", ["--stop-command"] = env.Db.StopCommand, ["--start-command"] = env.Db.StartCommand,
        };
        for (var i = 0; i < bad.Length; i += 2)
        {
            options[bad[i]] = bad[i + 1];
        }

        // A name no random path segment (hex ids, temp directories) can contain by chance.
        string[] words = ["config", "instance", "add", "refused-instance", .. options.SelectMany(o => new[] { o.Key, o.Value })];

        var (code, abk) = await console.AbkAsync(words);

        Assert.Equal(2, code);
        Assert.Contains("instance 'refused-instance' was not saved", abk.Stderr);
        Assert.Contains(message, abk.Stderr);
        Assert.DoesNotContain("wrong-password-123", abk.Output);
        var (_, list) = await console.AbkAsync("config", "instance", "list");
        Assert.DoesNotContain("refused-instance", list.Stdout);
    }

    [Fact]
    public async Task Bad_schedules_targets_and_settings_are_refused_with_their_messages()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await using var console = await ConsoleNode.StartAsync(env);
        (string[] Words, string Message)[] cases =
        [
            (["config", "schedule", "add", "s", "--instance", "main", "--cron", "not a cron"], "cron = 'not a cron' is not a cron expression"),
            (["config", "schedule", "add", "s", "--instance", "nobody", "--cron", "0 3 * * *"], "instance = 'nobody' is not a configured instance"),
            (["config", "schedule", "add", "s", "--instance", "main", "--cron", "0 3 * * *", "--time-zone", "Mars/Olympus"], "time-zone = 'Mars/Olympus' is not a time zone"),
            (["config", "target", "add", "t", "--host", "127.0.0.1", "--port", env.ReceiverPort.ToString(), "--expected-name", "receiver", "--naming-pattern", "{server}_{nope}.zip"], "naming-pattern"),
            (["config", "target", "add", "t", "--host", "127.0.0.1", "--port", TestSupport.FreePort.Next().ToString(), "--expected-name", "receiver"], "is not reachable"),
            (["config", "setting", "set", "concurrency", "0"], "concurrency = '0' must be a whole number from 1 to 64"),
        ];

        foreach (var (words, message) in cases)
        {
            var (code, abk) = await console.AbkAsync(words);
            Assert.True(code == 2, $"abk {string.Join(' ', words)} exited {code}:\n{abk.Output}");
            Assert.Contains(message, abk.Stderr);
        }

        var (_, schedules) = await console.AbkAsync("config", "schedule", "list", "--json");
        Assert.Equal("[]", schedules.Stdout.Trim());
        var (_, targets) = await console.AbkAsync("config", "target", "list", "--json");
        Assert.DoesNotContain("\"t\"", targets.Stdout);
        var (_, settings) = await console.AbkAsync("config", "setting", "list", "--json");
        Assert.Contains("\"concurrency\": \"1\"", settings.Stdout);
    }
}
