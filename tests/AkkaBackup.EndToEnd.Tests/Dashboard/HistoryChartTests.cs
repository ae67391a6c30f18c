using System.Text.RegularExpressions;
using AkkaBackup.Node.Dashboard.Pages;
using AkkaBackup.Store.Catalog;

namespace AkkaBackup.EndToEnd.Tests.Dashboard;

/// <summary>The instance history's SVG: a mark per run (filed or not), a duration and a size point per filing, a downtime point per reported downtime, names encoded.</summary>
public sealed partial class HistoryChartTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_run_gets_a_mark_and_every_filing_a_duration_and_a_size_point()
    {
        var rows = new List<CatalogEntry>
        {
            Filed(1, Day1, 100, 10),
            new(Day1.AddDays(1), CatalogEvent.Refused) { Id = 2, Client = "db1", Instance = "main", Reason = "not enough space <here>" },
            Filed(3, Day1.AddDays(2), 300, 30),
            new(Day1.AddDays(3), CatalogEvent.Failed) { Id = 4, Client = "db1", Instance = "main", Reason = "SHA-256 mismatch" },
            new(Day1.AddDays(4), CatalogEvent.Deleted) { Id = 5, Client = "db1", Instance = "main", StoredName = "old.zip" },
        };

        var html = HistoryPage.Render("db1", "main", rows.OrderByDescending(r => r.At).ToList());

        Assert.Equal(["1", "3"], Marks(html, "run success"));
        Assert.Equal(["2", "4"], Marks(html, "run failure"));
        Assert.Equal(4, Regex.Count(html, "<circle class=\"point\""));
        Assert.Contains("not enough space &lt;here&gt;", html);
        Assert.DoesNotContain("<here>", html);
        Assert.Contains("4 run(s) of db1/main, 2 filed.", html);
    }

    [Fact]
    public void A_reported_downtime_is_a_point_and_an_unknown_one_is_no_point_and_said_so_never_a_zero()
    {
        var rows = new List<CatalogEntry>
        {
            Filed(1, Day1, 100, 10) with { Downtime = TimeSpan.FromSeconds(42) },
            Filed(2, Day1.AddDays(1), 200, 20),
            Filed(3, Day1.AddDays(2), 300, 30) with { Downtime = TimeSpan.Zero },
        };

        var svg = HistoryChart.Render(rows);

        var downtime = Regex.Match(svg, "<g class=\"series downtime\">.*?</g>").Value;
        Assert.Equal(["1", "3"], Regex.Matches(downtime, "<circle class=\"point\" data-id=\"(\\d+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("server downtime (s), as reported by the client; 1 unknown, not drawn", downtime);
        Assert.Contains("42 s</title>", downtime);
        Assert.Equal(3, Regex.Count(Regex.Match(svg, "<g class=\"series duration\">.*?</g>").Value, "<circle class=\"point\""));
        var table = LogPage.Table(rows);
        Assert.Equal(["42.0 s", "unknown", "0.0 s"], Regex.Matches(table, "<td>([^<]*)</td><td>db1_main_").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void One_run_is_drawn_in_the_middle_and_none_says_so()
    {
        var one = HistoryChart.Render([Filed(7, Day1, 5, 1)]);

        Assert.Contains("cx=\"480\"", one);
        Assert.Equal("<p>No runs of this instance in the catalog.</p>", HistoryChart.Render([]));
    }

    private static CatalogEntry Filed(long id, DateTimeOffset at, long bytes, double seconds) =>
        new(at, CatalogEvent.Filed) { Id = id, Client = "db1", Instance = "main", ArchiveBytes = bytes, Duration = TimeSpan.FromSeconds(seconds), StoredName = $"db1_main_{id}.zip" };

    private static List<string> Marks(string html, string classes) =>
        MarkId().Matches(html).Where(m => m.Groups[1].Value == classes).Select(m => m.Groups[2].Value).ToList();

    [GeneratedRegex("<circle class=\"(run [a-z]+)\" data-id=\"(\\d+)\"")]
    private static partial Regex MarkId();
}
