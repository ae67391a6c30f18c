using System.Net;
using System.Text.Json.Nodes;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary>
/// An operator's actions on a real receiver over real HTTPS: a restore drill now and forgetting an instance happen (their
/// catalog rows show it); a viewer, a missing or wrong anti-forgery token and a foreign origin get 403. Also what a
/// client reports with its archive (downtime, next run) and the login rate limit.
/// </summary>
public sealed class DashboardActionsTests
{
    private const string Drill = "/api/instances/client-1/main/drill";
    private const string Forget = "/api/instances/client-1/main/forget";

    [Fact]
    public async Task An_operator_drills_and_forgets_a_viewer_a_forged_or_foreign_request_gets_403_and_the_filing_carries_downtime_and_next_run()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var port = FreePort.Next();
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: DashboardSite.Hocon(port));
        var schedule = await console.AbkAsync("config", "schedule", "add", "nightly", "--instance", "main", "--cron", "0 3 * * *", "--time-zone", "UTC");
        Assert.True(schedule.ExitCode == 0, schedule.Abk.Output);
        using var viewer = new DashboardSite(env, port);
        using var op = new DashboardSite(env, port);
        using var stranger = new DashboardSite(env, port);
        (await viewer.LogInAsync(DashboardSite.ViewerToken)).Dispose();
        (await op.LogInAsync(DashboardSite.OperatorToken)).Dispose();
        await DashboardSite.BackUpAsync(console, watch: true);

        // The client reported how long its server was down and when the schedule fires next; the receiver adds its own "expected by".
        var filed = Assert.Single(await op.FiledAsync(1));
        Assert.InRange(filed["downtimeSeconds"]!.GetValue<double>(), 0.001, 600);
        var nextRun = filed["nextRun"]!.GetValue<DateTimeOffset>();
        Assert.Equal((3, 0, 0), (nextRun.Hour, nextRun.Minute, nextRun.Second));
        Assert.InRange(nextRun - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
        var instance = (await op.JsonAsync("/api/fleet"))["instances"]![0]!;
        Assert.Equal(nextRun, instance["nextRun"]!.GetValue<DateTimeOffset>());
        Assert.Equal(instance["lastSuccess"]!.GetValue<DateTimeOffset>().AddSeconds(instance["expectedSeconds"]!.GetValue<double>()), instance["expectedBy"]!.GetValue<DateTimeOffset>());
        var overview = await op.PageAsync("/");
        Assert.Contains("<th>Next run (reported by client)</th>", overview);
        Assert.Contains($"data-action=\"{Drill}\"", overview);
        Assert.DoesNotContain("data-action=", await viewer.PageAsync("/"));
        Assert.Contains($"<meta name=\"abk-csrf\" content=\"{await op.CsrfAsync()}\">", overview);
        var history = await op.PageAsync("/instances/client-1/main");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(history, "<g class=\"series downtime\">.*?<circle class=\"point\""));
        Assert.Contains($"data-action=\"{Forget}\"", history);
        Assert.DoesNotContain("data-action=", await viewer.PageAsync("/instances/client-1/main"));

        // Refused: no session (401); a viewer, no token, another session's token, a foreign origin (403). Nothing happened.
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.ActAsync(Forget, "x")).Status);
        var (viewerStatus, viewerBody) = await viewer.ActAsync(Forget, await viewer.CsrfAsync());
        Assert.Equal(HttpStatusCode.Forbidden, viewerStatus);
        Assert.StartsWith("alice is a viewer; only an operator may do this", viewerBody["error"]!.GetValue<string>());
        var csrf = await op.CsrfAsync();
        var (missing, missingBody) = await op.ActAsync(Drill, null);
        Assert.Equal(HttpStatusCode.Forbidden, missing);
        Assert.StartsWith("the X-ABK-CSRF header is missing", missingBody["error"]!.GetValue<string>());
        var (wrong, wrongBody) = await op.ActAsync(Forget, await viewer.CsrfAsync());
        Assert.Equal((HttpStatusCode.Forbidden, "the X-ABK-CSRF header is not this session's token"), (wrong, wrongBody["error"]!.GetValue<string>()));
        var (foreign, foreignBody) = await op.ActAsync(Forget, csrf, origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.StartsWith("the request comes from https://evil.example", foreignBody["error"]!.GetValue<string>());
        Assert.Empty((await op.JsonAsync("/api/log?event=forgotten")).AsArray());
        Assert.Empty((await op.JsonAsync("/api/log?event=drill")).AsArray());
        Assert.Contains("Dashboard: alice (Viewer) from 127.0.0.1 was refused forgetting of client-1/main", env.Receiver!.Output);

        // The operator, with the session's token and its own origin: a drill of the newest backup, then forgetting the instance.
        var (drilled, drillBody) = await op.ActAsync(Drill, csrf, origin: op.BaseUrl);
        Assert.True(drilled == HttpStatusCode.OK, drillBody.ToJsonString());
        Assert.StartsWith($"drill of {filed["storedName"]!.GetValue<string>()} queued", drillBody["message"]!.GetValue<string>());
        var drill = await RowsAsync(op, "drill", TimeSpan.FromMinutes(5));
        Assert.Equal(("client-1", "main", "passed"), (drill["client"]!.GetValue<string>(), drill["instance"]!.GetValue<string>(), drill["drill"]!["status"]!.GetValue<string>()));
        Assert.Contains("asked for by bob on the dashboard", env.Receiver.Output);

        var (forgot, forgetBody) = await op.ActAsync(Forget, csrf);
        Assert.True(forgot == HttpStatusCode.OK, forgetBody.ToJsonString());
        Assert.Equal("'client-1/main' is no longer watched for overdue backups; its next backup makes it watched again.", forgetBody["message"]!.GetValue<string>());
        Assert.Equal("client-1", (await RowsAsync(op, "forgotten", TimeSpan.FromSeconds(30)))["client"]!.GetValue<string>());
        var (again, againBody) = await op.ActAsync(Forget, csrf);
        Assert.Equal((HttpStatusCode.NotFound, "'client-1/main' is not a watched instance; watched: none"), (again, againBody["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Three_failed_logins_from_one_address_get_429_with_retry_after_and_one_warning_and_another_address_still_logs_in()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 10);
        var port = FreePort.Next();
        await env.StartReceiverAsync(env.WriteReceiverConfig(DashboardSite.Hocon(port, "login-limit { max-failures = 3, window = 10m }")));
        using var guesser = new DashboardSite(env, port);
        using var colleague = new DashboardSite(env, port, from: IPAddress.Parse("127.0.0.2"));

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await guesser.LogInAsync("guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var limited = await guesser.LogInAsync("guess-4"))
        using (var evenTheRightOne = await guesser.LogInAsync(DashboardSite.ViewerToken))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
            Assert.Contains("Too many failed logins from 127.0.0.1", await limited.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.TooManyRequests, evenTheRightOne.StatusCode);
            Assert.Null(guesser.Session);
        }

        using (var other = await colleague.LogInAsync(DashboardSite.ViewerToken))
        {
            Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        }

        Assert.Contains("alice (viewer)", await colleague.PageAsync("/"));
        var log = env.Receiver!.Output;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "127\\.0\\.0\\.1 failed to log in 3 times within 00:10:00; its logins are answered 429 until"));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(log, "a login from 127\\.0\\.0\\.1 was refused"));
        Assert.Contains("Dashboard: alice (Viewer) logged in from 127.0.0.2", log);
    }

    /// <summary>The newest catalog row of <paramref name="kind"/>, once there is one.</summary>
    private static async Task<JsonNode> RowsAsync(DashboardSite site, string kind, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var rows = (await site.JsonAsync($"/api/log?event={kind}")).AsArray();
            if (rows.Count > 0)
            {
                return rows[0]!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {kind} row in the catalog after {within}");
            await Task.Delay(250);
        }
    }
}
