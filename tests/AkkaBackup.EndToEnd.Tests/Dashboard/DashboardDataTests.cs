using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AkkaBackup.TestSupport;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard's numbers are the console's: each API against the matching <c>abk &lt;receiver&gt; … --json</c>, after real backups.</summary>
public sealed partial class DashboardDataTests
{
    [Fact]
    public async Task Every_api_answers_what_the_receivers_console_answers_and_the_pages_show_it()
    {
        await using var env = await BackupEnvironment.CreateAsync(rows: 100);
        var port = FreePort.Next();
        await using var console = await ConsoleNode.StartAsync(env, receiverExtra: DashboardSite.Hocon(port));
        using var site = new DashboardSite(env, port);
        (await site.LogInAsync(DashboardSite.ViewerToken)).Dispose();
        await DashboardSite.BackUpAsync(console, watch: true);
        await DashboardSite.BackUpAsync(console, watch: true);
        var filed = await site.FiledAsync(2);

        var log = "?client=client-1&instance=main&event=filed";
        AssertSame(await ConsoleJsonAsync(console, "log", "list", "--client", "client-1", "--instance", "main", "--event", "filed", "--json"), await site.JsonAsync("/api/log" + log));
        AssertSame(await ConsoleJsonAsync(console, "log", "list", "--limit", "1", "--offset", "1", "--json"), await site.JsonAsync("/api/log?limit=1&offset=1"));
        AssertSame(await ConsoleJsonAsync(console, "retention", "plan", "--json"), await site.JsonAsync("/api/retention"));
        var status = await ConsoleJsonAsync(console, "node", "status", "--json");
        var transfers = await site.JsonAsync("/api/transfers");
        AssertSame(status["activeTransfers"]!, transfers["transfers"]!);
        AssertSame(status["waitingClients"]!, transfers["waiting"]!);

        // The age of the last success is counted to each query's own "now"; everything else is the same.
        var (since, until) = (Iso(DateTimeOffset.UtcNow.AddDays(-1)), Iso(DateTimeOffset.UtcNow.AddDays(1)));
        var summary = await ConsoleJsonAsync(console, "report", "summary", "--since", since, "--until", until, "--json");
        var fleet = await site.JsonAsync($"/api/fleet?since={Uri.EscapeDataString(since)}&until={Uri.EscapeDataString(until)}");
        var (consoleAge, dashboardAge) = (TakeAge(summary), TakeAge(fleet));
        AssertSame(summary, fleet);
        Assert.InRange(dashboardAge - consoleAge, 0, 120);
        Assert.Equal(2, fleet["instances"]![0]!["filed"]!.GetValue<int>());

        var overview = await site.PageAsync("/");
        Assert.Contains("<tr class=\"instance ok\" data-client=\"client-1\" data-instance=\"main\">", overview);
        var history = await site.PageAsync("/instances/client-1/main");
        Assert.Equal(2, RunMark().Matches(history).Count);
        foreach (var row in filed)
        {
            Assert.Contains($"class=\"run success\" data-id=\"{row["id"]}\"", history);
        }

        var narrowed = await site.PageAsync($"/log?text={filed[0]["sha256"]}");
        Assert.Single(LogRow().Matches(narrowed));
        Assert.Contains(filed[0]["storedName"]!.GetValue<string>(), narrowed);
        Assert.True(LogRow().Matches(await site.PageAsync("/log")).Count >= 2);
    }

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"console:\n{expected}\ndashboard:\n{actual}");

    private static double TakeAge(JsonNode summary)
    {
        var instance = summary["instances"]![0]!.AsObject();
        var age = instance["lastSuccessAgeSeconds"]!.GetValue<double>();
        instance.Remove("lastSuccessAgeSeconds");
        return age;
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task<JsonNode> ConsoleJsonAsync(ConsoleNode console, params string[] words)
    {
        var (code, abk) = await console.ReceiverAbkAsync(words);
        Assert.True(code == 0, $"abk {string.Join(' ', words)} exited {code}:\n{abk.Output}");
        return JsonNode.Parse(abk.Stdout)!;
    }

    [GeneratedRegex("<circle class=\"run ")]
    private static partial Regex RunMark();

    [GeneratedRegex("<tr class=\"row ")]
    private static partial Regex LogRow();
}
