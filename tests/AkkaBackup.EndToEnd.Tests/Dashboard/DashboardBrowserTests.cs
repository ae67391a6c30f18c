using System.Text.Json.Nodes;
using AkkaBackup.TestSupport;
using Microsoft.Playwright;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium driven by Playwright) against a real receiver with real stored
/// backups. A screenshot of each page is kept in <see cref="Screenshots"/>.
/// </summary>
public sealed class DashboardBrowserTests
{
    /// <summary>Where the screenshots go: beside the test assembly, kept after the run as its artifacts.</summary>
    public static string Screenshots => Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    [Fact]
    public async Task Log_in_see_the_fleet_narrow_the_log_watch_a_transfer_move_and_count_one_chart_point_per_run()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var port = FreePort.Next();

        // Small chunks sent slowly: the third backup, with 32 MiB that do not compress, transfers for about 13 s.
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: DashboardSite.Hocon(port),
            extra: "akkabackup.client.chunk-size = 256KiB\nakkabackup.testing.chunk-delay = 100ms");
        using var site = new DashboardSite(env, port);
        (await site.LogInAsync(DashboardSite.ViewerToken)).Dispose();
        await DashboardSite.BackUpAsync(console, watch: true);
        await DashboardSite.BackUpAsync(console, watch: true);
        await site.FiledAsync(2);
        Directory.CreateDirectory(Screenshots);

        await using var browser = await DashboardBrowser.OpenAsync(1280);
        var page = browser.Page;

        // Sent to the login page; a wrong token is refused, the right one opens the fleet.
        await page.GotoAsync(site.BaseUrl + "/log");
        Assert.EndsWith("/login", page.Url);
        await page.FillAsync("#token", "not-the-token");
        await page.ClickAsync("form.login button");
        Assert.Equal("That token is not valid.", await page.Locator(".problem").TextContentAsync());
        await ShotAsync(page, "login-refused");
        await page.FillAsync("#token", DashboardSite.ViewerToken);
        await page.ClickAsync("form.login button");
        await page.WaitForURLAsync(site.BaseUrl + "/");

        var main = page.Locator("#fleet tr.instance[data-client='client-1'][data-instance='main']");
        Assert.Equal(1, await page.Locator("#fleet tr.instance").CountAsync());
        Assert.Equal("ok", await main.Locator("td.state").TextContentAsync());
        Assert.Equal("cold", await main.Locator("td").Nth(2).TextContentAsync());
        await ShotAsync(page, "overview");

        // A running backup's progress moves on the live page, without a reload.
        await Filler.WriteAsync(Path.Combine(env.Db.DataDirectory, "filler.bin"), 32);
        await DashboardSite.BackUpAsync(console, watch: false);
        await page.GotoAsync(site.BaseUrl + "/transfers");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var received = page.Locator("#transfers tbody tr td.received");
        await received.First.WaitForAsync();
        var first = long.Parse((await received.First.GetAttributeAsync("data-bytes"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.WaitForFunctionAsync(
            "first => { const cell = document.querySelector('#transfers tbody tr td.received'); return cell && Number(cell.dataset.bytes) > first + 1048576; }", first);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.StartsWith("Updated", await page.Locator("#live").TextContentAsync());
        await ShotAsync(page, "transfers");
        var filed = await site.FiledAsync(3);

        // The chart has one mark per run, one duration and one size point per filing.
        await page.GotoAsync(site.BaseUrl + "/");
        await page.ClickAsync("#fleet a:text('client-1/main')");
        await page.WaitForURLAsync(site.BaseUrl + "/instances/client-1/main");
        Assert.Equal(3, await page.Locator("#history-chart circle.run.success").CountAsync());
        Assert.Equal(0, await page.Locator("#history-chart circle.run.failure").CountAsync());
        Assert.Equal(3, await page.Locator("#history-chart g.series.duration circle.point").CountAsync());
        Assert.Equal(3, await page.Locator("#history-chart g.series.size circle.point").CountAsync());
        await ShotAsync(page, "history");

        // A filter narrows the run log.
        await page.GotoAsync(site.BaseUrl + "/log");
        var all = await page.Locator("#log tbody tr").CountAsync();
        Assert.True(all >= 3, $"{all} rows");
        await page.SelectOptionAsync("#log-filters select[name=event]", "filed");
        await page.FillAsync("#log-filters input[name=text]", filed[1]["sha256"]!.GetValue<string>());
        await page.ClickAsync("#log-filters button");
        await page.WaitForURLAsync("**/log?*");
        Assert.Equal(1, await page.Locator("#log tbody tr").CountAsync());
        Assert.Equal(filed[1]["id"]!.ToString(), await page.Locator("#log tbody tr").GetAttributeAsync("data-id"));
        await ShotAsync(page, "log-filtered");

        await page.GotoAsync(site.BaseUrl + "/retention");
        Assert.Equal(3, await page.Locator("#kept tbody tr").CountAsync());
        await ShotAsync(page, "retention");
        await page.GotoAsync(site.BaseUrl + "/drills");
        Assert.Contains("No restore drills", await page.Locator("main").TextContentAsync());
        await ShotAsync(page, "drills");

        // Nothing on any page came from elsewhere, and nothing broke the CSP.
        Assert.All(Directory.GetFiles(Screenshots, "*.png"), f => Assert.True(new FileInfo(f).Length > 1000, f));
    }

    [Fact]
    public async Task An_operator_drills_and_forgets_with_the_buttons_and_a_request_without_the_pages_token_is_refused()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var port = FreePort.Next();
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: DashboardSite.Hocon(port));
        using var site = new DashboardSite(env, port);
        (await site.LogInAsync(DashboardSite.ViewerToken)).Dispose();
        await DashboardSite.BackUpAsync(console, watch: true);
        var filed = Assert.Single(await site.FiledAsync(1));
        Directory.CreateDirectory(Screenshots);

        await using var browser = await DashboardBrowser.OpenAsync(1400);
        var page = browser.Page;
        var confirmations = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            confirmations.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        await page.GotoAsync(site.BaseUrl + "/login");
        await page.FillAsync("#token", DashboardSite.OperatorToken);
        await page.ClickAsync("form.login button");
        await page.WaitForURLAsync(site.BaseUrl + "/");
        Assert.Contains("bob (operator)", await page.Locator("header").TextContentAsync());

        // The page's own origin and cookie, but not its token: refused.
        var forged = await page.EvaluateAsync<int>("() => fetch('/api/instances/client-1/main/forget', { method: 'POST' }).then(r => r.status)");
        Assert.Equal(403, forged);

        var row = page.Locator("#fleet tr.instance[data-client='client-1'][data-instance='main']");
        await row.Locator("button.action.drill").ClickAsync();
        await Assertions.Expect(row.Locator(".action-status.done")).ToContainTextAsync($"drill of {filed["storedName"]!.GetValue<string>()} queued");
        await ShotAsync(page, "overview-operator");
        await row.Locator("button.action.forget").ClickAsync();
        await Assertions.Expect(row.Locator(".action-status.done")).ToContainTextAsync("no longer watched for overdue backups");
        Assert.Equal(["Stop watching client-1/main for overdue backups?"], confirmations);
        var forgotten = Assert.Single((await site.JsonAsync("/api/log?event=forgotten")).AsArray());
        Assert.Equal("main", forgotten!["instance"]!.GetValue<string>());

        // The drill's outcome reaches the drills page.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the drill asked for on the dashboard never reached the drills page");
            await Task.Delay(500);
            await page.GotoAsync(site.BaseUrl + "/drills");
        }
        while (await page.Locator("section.drill").CountAsync() == 0);

        Assert.Equal(1, await page.Locator("section.drill.passed").CountAsync());
        await ShotAsync(page, "drills-operator");
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

}
