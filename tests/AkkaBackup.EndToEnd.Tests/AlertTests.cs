using AkkaBackup.TestSupport;
using AkkaBackup.TestSupport.Alerts;

namespace AkkaBackup.EndToEnd.Tests;

/// <summary>Alerts from real node processes to a local HTTP listener and a local SMTP relay (STARTTLS, login).</summary>
public sealed class AlertTests(MailRelayCertificates certs) : IClassFixture<MailRelayCertificates>
{
    private const string MailUser = "alerts@example.org";
    private const string MailPassword = "smtp-secret-pw";

    [Fact]
    public async Task A_server_that_cannot_be_restarted_raises_a_critical_alert_with_the_recovery_steps_by_webhook_and_email()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        using var relay = new SmtpTestServer(certs.Relay, MailUser, MailPassword);
        await env.StartReceiverAsync();
        var channels = $$"""
            akkabackup.alerts.channels = [
              { type = webhook, url = "{{webhook.Url("/hooks/T1/B2/secret")}}", min-severity = warning }
              { type = email, host = "127.0.0.1", port = {{relay.Port}}, security = starttls, user = "{{MailUser}}", password = "{{MailPassword}}",
                from = "backup@example.org", to = ["dba@example.org"], trusted-ca = "{{certs.CaFile}}", min-severity = critical }
            ]
            """;

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(startCommand: "echo no way >&2; exit 4", extra: channels));

        try
        {
            Assert.True(code == 3, $"backup exited {code}:\n{run.Output}");
            var alert = (await webhook.NextAsync()).Alert;
            Assert.Equal(("Critical", "ServerNotRestarted", "client-1", "main"),
                (alert.GetProperty("severity").GetString(), alert.GetProperty("kind").GetString(), alert.GetProperty("node").GetString(), alert.GetProperty("instance").GetString()));
            var body = alert.GetProperty("body").GetString()!;
            AssertRecoverySteps(body, env);

            var mail = Assert.Single(relay.Mails);
            Assert.Equal(MailUser, mail.User);
            Assert.Equal(["dba@example.org"], mail.RcptTo);
            Assert.StartsWith("[CRITICAL] Database server 'main' on client-1 is DOWN", mail.Message.Subject);
            AssertRecoverySteps(mail.Message.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal), env);
        }
        finally
        {
            await env.Db.StartAsync();
        }
    }

    [Fact]
    public async Task A_failed_backup_is_alerted_and_a_dead_channel_neither_blocks_nor_fails_the_run()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        using var webhook = new WebhookReceiver();
        await env.StartReceiverAsync();
        var channels = $$"""
            akkabackup.alerts {
              channels = [
                { type = webhook, url = "http://127.0.0.1:{{FreePort.Next()}}/nobody-listens", min-severity = info, timeout = 2s }
                { type = webhook, url = "{{webhook.Url("/live")}}", min-severity = critical }
              ]
              max-attempts = 2
              first-retry-delay = 1s
              shutdown-flush-timeout = 10s
            }
            """;

        var (code, run) = await env.BackupAsync(env.WriteClientConfig(stopCommand: "echo refusing to stop >&2; exit 3", extra: channels));

        Assert.True(code == 1, $"backup exited {code}:\n{run.Output}");
        var alert = (await webhook.NextAsync()).Alert;
        Assert.Equal(("Critical", "BackupFailed"), (alert.GetProperty("severity").GetString(), alert.GetProperty("kind").GetString()));
        Assert.Contains("stopping the server failed", alert.GetProperty("body").GetString());
        Assert.Contains("the server answers", alert.GetProperty("body").GetString());
        Assert.True(await env.Db.AnswersAsync());
        var logs = env.Logs();
        Assert.Contains("Alert delivery attempt 1 of 2 failed", logs);
        Assert.Contains("Alert NOT delivered via webhook http://127.0.0.1:", logs);
    }

    private static void AssertRecoverySteps(string body, BackupEnvironment env)
    {
        Assert.Contains("is NOT running. Start it by hand:", body);
        Assert.Contains("exit 4", body);
        Assert.Contains($"--port={env.Db.Port}", body);
        Assert.Contains($"kept at {env.StagedArchive}", body);
        Assert.Contains($"akkabackup restore {env.StagedArchive} --datadir", body);
    }
}
