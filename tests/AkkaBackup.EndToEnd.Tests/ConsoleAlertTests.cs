using System.Text;
using System.Text.Json.Nodes;
using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary><c>abk config alert ...</c> against a running client node: stored channels deliver without a restart.</summary>
public sealed class ConsoleAlertTests
{
    private const string Token = "T0K3N-9f8e7d";

    [Fact]
    public async Task A_channel_added_by_the_console_gets_the_test_alert_and_a_failed_run_until_it_is_removed()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        using var webhook = new WebhookReceiver();
        await using var console = await ConsoleNode.StartAsync(env, stopCommand: "echo refusing to stop >&2; exit 3", extra: "akkabackup.alerts.repeat-window = 0s");
        var outputs = new StringBuilder();
        async Task<(int Code, NodeProcess Abk)> Abk(params string[] words)
        {
            var (code, abk) = await console.AbkAsync(words);
            outputs.AppendLine(abk.Output);
            return (code, abk);
        }

        async Task<string> Ok(params string[] words)
        {
            var (code, abk) = await Abk(words);
            Assert.True(code == 0, $"abk {string.Join(' ', words)} exited {code}:\n{abk.Output}");
            return abk.Stdout;
        }

        var ops = $$"""{"url": "{{webhook.Url($"/hooks/{Token}")}}"}""";
        Assert.Contains("alert channel 'ops' saved", await Ok("config", "alert", "add", "ops", "--type", "webhook", "--settings", ops, "--min-severity", "info"));
        Assert.Contains("test alert delivered via webhook http://127.0.0.1:", await Ok("config", "alert", "test", "ops"));
        AssertReceived(await webhook.NextAsync(), $"/hooks/{Token}", "Test");

        // A bad change is refused and saves nothing: the channel still delivers where it did.
        var (badUrl, refused) = await Abk("config", "alert", "set", "ops", "--settings", $$"""{"url": "ftp://127.0.0.1/{{Token}}"}""");
        Assert.Equal(2, badUrl);
        Assert.Contains("alert channel 'ops' was not saved: settings: webhook url ftp://127.0.0.1/*** must be an absolute http or https URL", refused.Stderr);
        Assert.Equal(2, (await Abk("config", "alert", "set", "ops", "--min-severity", "loud")).Code);
        Assert.Contains("\"ok\": true", await Ok("config", "alert", "test", "ops", "--json"));
        AssertReceived(await webhook.NextAsync(), $"/hooks/{Token}", "Test");
        Assert.Contains("\"minSeverity\": \"info\"", await Ok("config", "alert", "list", "--json"));

        Assert.Contains("saved", await Ok("config", "alert", "set", "ops", "--min-severity", "error"));
        var (failed, run) = await Abk("backup", "run", "--instance", "main", "--watch");
        Assert.True(failed == 1, $"backup run exited {failed}:\n{run.Output}");
        var failure = await webhook.NextAsync();
        AssertReceived(failure, $"/hooks/{Token}", "BackupFailed");
        Assert.Contains("stopping the server failed", failure.Alert.GetProperty("body").GetString());

        // Removed: the next failure goes only to the channel that is left.
        Assert.Contains("saved", await Ok("config", "alert", "add", "witness", "--type", "webhook", "--settings", $$"""{"url": "{{webhook.Url("/hooks/witness")}}"}"""));
        Assert.Contains("alert channel 'ops' removed", await Ok("config", "alert", "remove", "ops"));
        Assert.Equal(2, (await Abk("config", "alert", "test", "ops")).Code);
        Assert.Equal(1, (await Abk("backup", "run", "--instance", "main", "--watch")).Code);
        AssertReceived(await webhook.NextAsync(), "/hooks/witness", "BackupFailed");
        console.Node.Terminate();
        await console.Node.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(1, webhook.All.Count(w => w.Path == $"/hooks/{Token}" && w.Alert.GetProperty("kind").GetString() == "BackupFailed"));

        // The URL's path is the webhook's credential: it shows nowhere.
        foreach (var text in new[] { outputs.ToString(), console.Node.Output, env.Logs() })
        {
            var leaks = text.Split('\n').Where(line => line.Contains(Token, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, string.Join('\n', leaks));
        }
    }

    [Fact]
    public async Task A_test_alert_that_cannot_be_delivered_says_why_and_exits_1()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        await using var console = await ConsoleNode.StartAsync(env);
        var port = TestSupport.FreePort.Next();
        var (added, add) = await console.AbkAsync("config", "alert", "add", "dead", "--type", "webhook", "--settings", $$"""{"url": "http://127.0.0.1:{{port}}/{{Token}}", "timeout": "5s"}""");
        Assert.True(added == 0, add.Output);

        var (code, test) = await console.AbkAsync("config", "alert", "test", "dead");

        Assert.Equal(1, code);
        Assert.Contains($"alert channel 'dead': the test alert was NOT delivered: webhook http://127.0.0.1:{port}/***", test.Stderr);
        Assert.DoesNotContain(Token, test.Output);
        Assert.Contains("config alert test <name>", (await console.AbkAsync("config", "alert", "help")).Abk.Stdout);
    }

    [Fact]
    public async Task Alert_set_merges_the_given_settings_into_the_stored_ones_and_the_credential_stays_encrypted_and_unprinted()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        using var webhook = new WebhookReceiver();
        await using var console = await ConsoleNode.StartAsync(env);
        var outputs = new StringBuilder();
        async Task<(int Code, NodeProcess Abk)> Abk(params string[] words)
        {
            var (code, abk) = await console.AbkAsync(words);
            outputs.AppendLine(abk.Output);
            return (code, abk);
        }

        var url = webhook.Url($"/hooks/{Token}");
        Assert.Equal(0, (await Abk("config", "alert", "add", "ops", "--type", "webhook", "--settings", $$"""{"url": "{{url}}", "timeout": "5s"}""")).Code);
        var store = await ClientStoreAccess.OpenAsync(env);
        async Task<JsonNode> StoredSettings() => JsonNode.Parse((await store.AlertChannels.GetAsync("ops"))!.Settings.Reveal())!;

        // Only the timeout is given: the URL, the credential in it, stays as it was.
        Assert.Equal(0, (await Abk("config", "alert", "set", "ops", "--settings", """{"timeout": "20s"}""")).Code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"url": "{{url}}", "timeout": "20s"}"""), await StoredSettings()));
        Assert.Equal(0, (await Abk("config", "alert", "test", "ops")).Code);
        AssertReceived(await webhook.NextAsync(), $"/hooks/{Token}", "Test");

        // A key set to null is removed.
        Assert.Equal(0, (await Abk("config", "alert", "set", "ops", "--settings", """{"timeout": null}""")).Code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"url": "{{url}}"}"""), await StoredSettings()));

        // A merge that leaves the channel unusable, or a patch that is not JSON, is refused and saves nothing.
        var (noUrl, refused) = await Abk("config", "alert", "set", "ops", "--settings", """{"url": null}""");
        Assert.True(noUrl == 2, refused.Output);
        Assert.Contains("alert channel 'ops' was not saved: settings.url is not an absolute URL", refused.Stderr);
        var (notJson, broken) = await Abk("config", "alert", "set", "ops", "--settings", $$"""{"url": "{{url}}/x" """);
        Assert.True(notJson == 2, broken.Output);
        Assert.Contains("alert channel 'ops' was not saved: settings is not valid JSON (line 1", broken.Stderr);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"url": "{{url}}"}"""), await StoredSettings()));

        // The credential is in no output, no log, and not in the store's files as plain text.
        console.Node.Terminate();
        await console.Node.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var storeFiles = Directory.GetFiles(env.Staging, "node-store.db*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f)));
        foreach (var text in new[] { outputs.ToString(), console.Node.Output, env.Logs() }.Concat(storeFiles))
        {
            Assert.DoesNotContain(Token, text);
        }
    }

    private static void AssertReceived(ReceivedWebhook received, string path, string kind) =>
        Assert.Equal((path, kind, "client-1"), (received.Path, received.Alert.GetProperty("kind").GetString(), received.Alert.GetProperty("node").GetString()));
}
